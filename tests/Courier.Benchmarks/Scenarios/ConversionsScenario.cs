using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Courier.Benchmarks.Support;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Sandbox.Control;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// The conversions job on the standalone host in-process, against the benchmark's Azurite and the in-process sandbox, all in one
/// child process: the raw write ceilings of that Azurite, enqueue one at a time and in bulk through the API, the drain of the
/// queued conversions by as many twin runs as needed (entity writes, storage requests, rows read and provider calls per item),
/// and, at 50 ms of provider latency, a naive one-by-one worker beside Courier.
/// </summary>
public sealed class ConversionsScenario : IBenchmarkScenario
{
    private static readonly TimeSpan ProviderLatency = TimeSpan.FromMilliseconds(50);

    public string Name => "conversions";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // items, of them enqueued one at a time, naive baseline items, Courier items at 50 ms, batch-ceiling entities, single-ceiling writes
        string[] sizes = context.Quick ? ["500", "50", "20", "200", "1000", "200"] : ["10000", "500", "100", "2000", "10000", "1000"];
        var run = await context.RunChildAsync(Name, sizes, cancellationToken);
        context.Log.WriteLine(BenchmarkApp.Invariant($"  {run["conversions_items"]:F0} conversions in {run["conversions_runs"]:F0} runs: {run["conversions_items_per_s"]:F1}/s, {run["conversions_entity_writes_per_item"]:F2} entity writes and {run["conversions_storage_requests_per_item"]:F3} requests per item; ceilings {run["azurite_batch_ceiling_entities_per_s"]:F0} entities/s batched, {run["azurite_single_ceiling_ops_per_s"]:F0} single ops/s"));
        context.Log.WriteLine(BenchmarkApp.Invariant($"  at 50 ms: naive {run["conversions_baseline_items_per_s"]:F1}/s, Courier {run["conversions_items_per_s_50ms"]:F1}/s; enqueue {run["enqueue_items_per_s"]:F1}/s one by one, {run["bulk_enqueue_items_per_s"]:F1}/s in bulk"));
        return run.ToDictionary(p => p.Key, p => (object)Math.Round(p.Value, 3));
    }

    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken)
    {
        var n = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var (items, single, baselineItems, latencyItems, batchEntities, singleOps) = (n[0], n[1], n[2], n[3], n[4], n[5]);
        var connection = Environment.GetEnvironmentVariable(BenchmarkContext.ConnectionVariable) ?? throw new InvalidOperationException($"{BenchmarkContext.ConnectionVariable} is not set");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);

        await using var courier = await BenchCourier.StartAsync(connection);
        var (batchCeiling, singleCeiling) = await CeilingsAsync(connection, batchEntities, singleOps, cancellationToken);
        figures["azurite_batch_ceiling_entities_per_s"] = batchCeiling;
        figures["azurite_single_ceiling_ops_per_s"] = singleCeiling;

        // Enqueue: the first items one request each, the rest through the bulk API; then drain them all.
        var site = BenchSite.Create();
        await courier.SeedCredentialsAsync(site.SiteId, BenchSite.ProviderKey, site.Credentials());
        var before = courier.Storage.Take();
        var clock = Stopwatch.StartNew();
        await Enqueue.OneByOneAsync(courier, site, "sale", 0, single);
        figures["enqueue_items_per_s"] = single / clock.Elapsed.TotalSeconds;
        figures["enqueue_entity_writes_per_item"] = (double)(courier.Storage.Take() - before).EntityWrites / single;

        before = courier.Storage.Take();
        clock.Restart();
        await Enqueue.BulkAsync(courier, site, "sale", single, items - single);
        figures["bulk_enqueue_items_per_s"] = (items - single) / clock.Elapsed.TotalSeconds;
        figures["bulk_enqueue_entity_writes_per_item"] = (double)(courier.Storage.Take() - before).EntityWrites / (items - single);
        figures["bulk_enqueue_storage_requests_per_item"] = (double)(courier.Storage.Take() - before).Requests / (items - single);

        var uploadsBefore = await courier.LedgerCountAsync("ads.upload");
        var providerBefore = uploadsBefore + await courier.LedgerCountAsync("oauth.token");
        before = courier.Storage.Take();
        var drained = await Drain.ConversionsAsync(courier, items);
        var used = courier.Storage.Take() - before;
        var uploads = await courier.LedgerCountAsync("ads.upload") - uploadsBefore;
        var providerCalls = uploadsBefore + uploads + await courier.LedgerCountAsync("oauth.token") - providerBefore;
        figures["conversions_items"] = items;
        figures["conversions_runs"] = drained.Runs;
        figures["conversions_seconds"] = drained.Elapsed.TotalSeconds;
        figures["conversions_items_per_s"] = items / drained.Elapsed.TotalSeconds;
        figures["conversions_entity_writes_per_item"] = (double)used.EntityWrites / items;
        figures["conversions_storage_requests_per_item"] = (double)used.Requests / items;
        figures["conversions_storage_rows_read_per_item"] = (double)used.RowsRead / items;
        figures["conversions_provider_calls_per_item"] = (double)providerCalls / items;
        figures["conversions_upload_calls"] = uploads;
        figures["conversions_upload_calls_expected"] = Math.Ceiling(items / (double)IConversionUploader.MaxRowsPerRequest);

        // At 50 ms per provider call: a naive worker (claim one, upload one, write its status), then Courier on as many items.
        var naive = BenchSite.Create();
        await courier.SeedCredentialsAsync(naive.SiteId, BenchSite.ProviderKey, naive.Credentials());
        await Enqueue.BulkAsync(courier, naive, "naive", 0, baselineItems);
        await courier.Control.AddFaultAsync(new FaultSpec { Route = "ads.upload", Kind = FaultKind.Latency, Delay = ProviderLatency, PathContains = naive.CustomerId }, cancellationToken);
        figures["conversions_baseline_items_per_s"] = baselineItems / (await NaiveWorkerAsync(courier, naive, baselineItems, cancellationToken)).TotalSeconds;

        var atLatency = BenchSite.Create();
        await courier.SeedCredentialsAsync(atLatency.SiteId, BenchSite.ProviderKey, atLatency.Credentials());
        await Enqueue.BulkAsync(courier, atLatency, "latency", 0, latencyItems);
        await courier.Control.AddFaultAsync(new FaultSpec { Route = "ads.upload", Kind = FaultKind.Latency, Delay = ProviderLatency, PathContains = atLatency.CustomerId }, cancellationToken);
        figures["conversions_items_per_s_50ms"] = latencyItems / (await Drain.ConversionsAsync(courier, latencyItems)).Elapsed.TotalSeconds;
        figures["conversions_vs_baseline_50ms"] = figures["conversions_items_per_s_50ms"] / figures["conversions_baseline_items_per_s"];
        figures["conversions_baseline_items"] = baselineItems;
        figures["conversions_items_50ms"] = latencyItems;
        return figures;
    }

    /// <summary>
    /// What a naive worker does, through Courier's own queue and uploader: claim one due item, upload it alone, write its
    /// status; the credentials are read once (a favour to the naive worker).
    /// </summary>
    private static async Task<TimeSpan> NaiveWorkerAsync(BenchCourier courier, BenchSite site, int items, CancellationToken cancellationToken)
    {
        var queue = courier.Services.GetRequiredService<WorkQueue>();
        var uploader = courier.Services.GetRequiredService<IConversionUploader>();
        var credentials = await courier.Services.GetRequiredService<ProviderCredentialsService>().GetAsync(site.SiteId, uploader.ProviderKey, cancellationToken);
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < items;)
        {
            var claimed = await queue.ClaimDueAsync(ConversionsQueue.Name, "naive-worker", 1, TimeSpan.FromMinutes(5), cancellationToken);
            if (claimed.Count == 0) throw new InvalidOperationException($"naive worker: nothing to claim with {items - done} items left");
            var item = claimed[0];
            var payload = JsonSerializer.Deserialize<ConversionPayload>(item.Payload, ConversionsQueue.Json)!;
            var outcome = (await uploader.UploadAsync(credentials, [payload], cancellationToken))[0];
            if (!outcome.Accepted) throw new InvalidOperationException($"naive worker: the upload was refused: {outcome}");
            var written = await queue.CompleteAsync(item, "{\"uploaded\":true}", cancellationToken);
            if (!written.Applied) throw new InvalidOperationException("naive worker: the status write was refused");
            done++;
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// Raw writes against the same Azurite, one after another as Courier's run makes them: entities inserted 100 per
    /// transaction (the most one transaction takes), and single inserts, one request each.
    /// </summary>
    private static async Task<(double Batch, double Single)> CeilingsAsync(string connection, int batchEntities, int singleOps, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connection).GetTableClient("benchceiling" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            var payload = new string('x', 400);
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < batchEntities; start += 100)
            {
                var partition = "p" + (start / 100 % 4).ToString(CultureInfo.InvariantCulture);
                var actions = Enumerable.Range(start, Math.Min(100, batchEntities - start))
                    .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, "b" + i.ToString("D7", CultureInfo.InvariantCulture)) { ["payload"] = payload }))
                    .ToList();
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }

            var batch = batchEntities / clock.Elapsed.TotalSeconds;
            clock.Restart();
            for (var i = 0; i < singleOps; i++)
                await table.AddEntityAsync(new TableEntity("s", i.ToString("D7", CultureInfo.InvariantCulture)) { ["payload"] = payload }, cancellationToken);
            return (batch, singleOps / clock.Elapsed.TotalSeconds);
        }
        finally
        {
            await table.DeleteAsync(cancellationToken);
        }
    }
}
