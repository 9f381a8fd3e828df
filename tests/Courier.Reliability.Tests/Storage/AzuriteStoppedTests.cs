using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Conversions;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Storms;
using Courier.Sandbox.Control;
using Courier.Sandbox.GoogleAds;
using Courier.Storage;
using Courier.Storage.Queue;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storage;

/// <summary>
/// Storage goes away in the middle of a conversions run (its own Azurite, stopped while the upload is in flight): the run
/// fails cleanly (an error answer, the host keeps serving), no item is marked done that was not done, and once storage
/// is back the next run finishes the work, each conversion accepted once by Google.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class AzuriteStoppedTests(ReliabilityReport report)
{
    private const int Items = 3;

    [Fact]
    public async Task AzuriteStoppedMidRun_RunFailsCleanlyAndTheNextRunFinishesTheWork()
    {
        await using var azurite = await DedicatedAzurite.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        var site = AdsSite.Create();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = sandbox.GoogleAdsSettings();
        settings["environment"] = "Development";
        settings["ProviderHttp:MaxRetries"] = "0";
        await using var host = await StormHosts.StartAsync(azurite.ConnectionString, settings, (services, configuration) => services.AddConversions(configuration), time);
        var queue = host.Services.GetRequiredService<WorkQueue>();

        await StormHosts.SendOkAsync(host, "/api/cron/providers/seed-credentials", TestSecrets.Cron, site.SeedBody());
        for (var i = 0; i < Items; i++) await StormHosts.SendOkAsync(host, "/api/conversions", TestSecrets.Api, site.Sale($"outage-{i}"));

        // The upload is held a moment by the sandbox; storage is stopped while the run waits for it.
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = "ads.upload", Kind = FaultKind.Latency, Delay = TimeSpan.FromSeconds(2), Count = 1, PathContains = site.CustomerId });
        var run = StormHosts.SendAsync(host, "/api/cron/process-offline-conversions", TestSecrets.Cron, null);
        await Poll.UntilAsync(async () => (await queue.GetStatsAsync(ConversionsQueue.Name)).Count(QueueState.Processing) == Items, "the run to claim the items");
        await azurite.StopAsync();
        var (status, body) = await run;

        // Failed cleanly: an error answer (not a 2xx report of work that was not recorded), and the host still serves.
        Assert.True(status >= 500 && body.Contains("\"status\"", StringComparison.Ordinal), $"run during the outage: {status} {body}");
        using (var health = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))) Assert.True(health.IsSuccessStatusCode);

        await azurite.StartAgainAsync();
        // Nothing marked done that was not done: every Completed item's conversion is in Google's ledger (here: none is Completed yet).
        var store = new TableQueueStore(StorageClients.CreateTables(azurite.ConnectionString, host.App.Configuration["Storage:TablePrefix"]!), 4);
        var afterOutage = await store.GetStatsAsync(ConversionsQueue.Name, time.GetUtcNow(), default);
        Assert.Equal(0, afterOutage.Count(QueueState.Completed) + afterOutage.Count(QueueState.Failed));

        // The next run after the items' lease (and the stuck run lease) expired takes them back and finishes them.
        time.Advance(TimeSpan.FromMinutes(6));
        (int againStatus, string again) = await StormHosts.SendAsync(host, "/api/cron/process-offline-conversions", TestSecrets.Cron, null);
        Assert.True(againStatus == 200, $"run after the outage: {againStatus} {again}");
        var stats = await store.GetStatsAsync(ConversionsQueue.Name, time.GetUtcNow(), default);
        Assert.Equal(Items, stats.Count(QueueState.Completed));
        var accepted = (await sandbox.Control.GetLedgerAsync<AdsUploadCall>("ads.upload")).Where(c => c.CustomerId == site.CustomerId).SelectMany(c => c.Rows).Where(r => r.Accepted).ToList();
        Assert.Equal(Items, accepted.Count);
        Assert.Equal(Items, accepted.Select(r => r.OrderId).Distinct().Count());

        report.Record(new CrashRow("conversions", "Azurite stopped", 1, 2, Items, Lost: Items - stats.Count(QueueState.Completed), DuplicatedSideEffects: accepted.Count - Items, Unknown: 0,
            $"run answered {status} during the outage, host kept serving; items stayed Processing (upload had happened), next run after the lease: rescued, Google answered already-uploaded, all Completed"));
    }
}
