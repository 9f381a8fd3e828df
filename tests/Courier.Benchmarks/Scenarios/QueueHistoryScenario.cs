using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Courier.Benchmarks.Support;
using Courier.Core.Jobs.Conversions;
using Courier.Storage.Tables;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// What a long history costs: the conversions queue drained (claim, upload, complete through the twin) and one
/// <c>GET /api/status</c> counted in storage requests, first with no completed items in the queue, then with 100,000
/// (seeded directly as the queue's rows, main and index row each, as completions leave them), in one child process.
/// </summary>
public sealed class QueueHistoryScenario : IBenchmarkScenario
{
    public string Name => "history";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // history items, items drained in each phase
        string[] sizes = context.Quick ? ["2000", "200"] : ["100000", "2000"];
        var run = await context.RunChildAsync(Name, sizes, cancellationToken);
        context.Log.WriteLine(BenchmarkApp.Invariant($"  drain {run["history_items_per_s_empty"]:F1}/s empty, {run["history_items_per_s_full"]:F1}/s with {run["history_items"]:F0} completed; GET /api/status {run["status_storage_requests_empty"]:F0} vs {run["status_storage_requests_history"]:F0} storage requests"));
        return run.ToDictionary(p => p.Key, p => (object)Math.Round(p.Value, 3));
    }

    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken)
    {
        var (history, items) = (int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture));
        var connection = Environment.GetEnvironmentVariable(BenchmarkContext.ConnectionVariable) ?? throw new InvalidOperationException($"{BenchmarkContext.ConnectionVariable} is not set");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["history_items"] = history, ["history_drained_items"] = items };
        await using var courier = await BenchCourier.StartAsync(connection);
        var site = BenchSite.Create();
        await courier.SeedCredentialsAsync(site.SiteId, BenchSite.ProviderKey, site.Credentials());

        // Warm-up (JIT, tables, token) so that the first phase is not charged for it.
        await Enqueue.BulkAsync(courier, site, "warm", 0, 10);
        await Drain.ConversionsAsync(courier, 10);

        await Enqueue.BulkAsync(courier, site, "empty", 0, items);
        figures["status_storage_requests_empty"] = await StatusRequestsAsync(courier);
        var before = courier.Storage.Take();
        var empty = await Drain.ConversionsAsync(courier, items);
        figures["history_items_per_s_empty"] = items / empty.Elapsed.TotalSeconds;
        figures["history_rows_read_per_item_empty"] = (double)(courier.Storage.Take() - before).RowsRead / items;

        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await SeedHistoryAsync(courier, site, history, cancellationToken);
        figures["history_seed_seconds"] = seeding.Elapsed.TotalSeconds;
        // The seeded rows must read back as completed conversions, or the second phase measures nothing.
        var completed = (await courier.Services.GetRequiredService<ConversionsQueue>().GetAsync(site.SiteId, BenchSite.SaleId("hist", history - 1), cancellationToken))?.State;
        var stats = await courier.Services.GetRequiredService<Courier.Core.Queue.WorkQueue>().GetStatsAsync(ConversionsQueue.Name, cancellationToken);
        if (completed != Courier.Core.Queue.QueueState.Completed || stats.Count(Courier.Core.Queue.QueueState.Completed) != history + items + 10)
            throw new InvalidOperationException($"history seeding: last item {completed}, {stats.Count(Courier.Core.Queue.QueueState.Completed)} completed");

        await Enqueue.BulkAsync(courier, site, "full", 0, items);
        figures["status_storage_requests_history"] = await StatusRequestsAsync(courier);
        before = courier.Storage.Take();
        var full = await Drain.ConversionsAsync(courier, items);
        figures["history_items_per_s_full"] = items / full.Elapsed.TotalSeconds;
        figures["history_rows_read_per_item_full"] = (double)(courier.Storage.Take() - before).RowsRead / items;
        figures["claim_rate_ratio_history_100k_vs_empty"] = figures["history_items_per_s_full"] / figures["history_items_per_s_empty"];
        figures["status_storage_requests_history_100k_vs_empty"] = figures["status_storage_requests_history"] / figures["status_storage_requests_empty"];
        return figures;
    }

    /// <summary>Storage requests one <c>GET /api/status</c> makes.</summary>
    private static async Task<double> StatusRequestsAsync(BenchCourier courier)
    {
        var before = courier.Storage.Take();
        (await courier.SendAsync(HttpMethod.Get, "/api/status", TestSecrets.Api, null)).Ok("status");
        return (courier.Storage.Take() - before).Requests;
    }

    /// <summary>
    /// Completed conversions as the queue stores them (Courier.Storage's queue layout: partition <c>conversions-{shard}</c> by
    /// FNV-1a of the id, a main row <c>i|{id}</c> as enqueued, naming its due row <c>due|{ticks}|{id}</c>, and the completed row
    /// <c>done|{creation ticks}|{id}</c> with every field; the partition's <c>~completed</c> counter raised by as many), written
    /// 100 rows per transaction: far faster than completing them one by one, and the same rows.
    /// </summary>
    private static async Task SeedHistoryAsync(BenchCourier courier, BenchSite site, int count, CancellationToken cancellationToken)
    {
        var tables = courier.Services.GetRequiredService<CourierTables>();
        var shards = courier.Services.GetRequiredService<IOptions<Courier.Storage.StorageOptions>>().Value.QueueShards;
        var table = await tables.GetAsync("Queue", cancellationToken);
        // Whole milliseconds: the completed row's key holds the creation time to the millisecond.
        var done = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds());
        var rows = Enumerable.Range(0, count).SelectMany(i =>
        {
            var saleId = BenchSite.SaleId("hist", i);
            var id = ConversionsQueue.IdOf(site.SiteId, saleId);
            var partition = ConversionsQueue.Name + "-" + Shard(id, shards).ToString("D2", CultureInfo.InvariantCulture);
            var at = done.AddMilliseconds(i);
            var ticks = at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
            var payload = JsonSerializer.Serialize(ConversionSubmission.Parse(JsonSerializer.SerializeToElement(site.Sale(saleId))).Payload, ConversionsQueue.Json);
            TableEntity Row(string rowKey, string state, string? indexKey)
            {
                var row = new TableEntity(partition, rowKey)
                {
                    ["id"] = id, ["queue"] = ConversionsQueue.Name, ["state"] = state, ["attempts"] = 1, ["due_at"] = at,
                    ["created_at"] = at, ["updated_at"] = at, ["payload"] = payload, ["group_key"] = site.SiteId,
                };
                if (indexKey is not null) row["index_key"] = indexKey;
                else row["result"] = "{\"uploaded\":true}";
                return row;
            }

            return new[] { Row("i|" + id, "Queued", "due|" + ticks + "|" + id), Row("done|" + ticks + "|" + id, "Completed", null) };
        }).ToList();
        var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct));
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            var counter = await table.GetEntityIfExistsAsync<TableEntity>(partition.Key, "~completed", cancellationToken: cancellationToken);
            var n = (counter.HasValue ? counter.Value!.GetInt64("n") ?? 0 : 0) + (partition.Count() / 2);
            await table.UpsertEntityAsync(new TableEntity(partition.Key, "~completed") { ["n"] = n }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>FNV-1a over the id's UTF-8 bytes, as Courier.Storage shards the queue.</summary>
    private static int Shard(string id, int shards)
    {
        var hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash ^= b;
            hash *= 16777619;
        }

        return (int)(hash % (uint)shards);
    }
}
