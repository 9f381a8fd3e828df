using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.Sandbox.Control;
using Courier.Sandbox.GoogleAds;
using Courier.Storage;
using Courier.Storage.Queue;
using Courier.Storage.Runs;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Storage;

/// <summary>
/// SIGTERM of the standalone process while a conversions run holds items in a provider call: the process exits on its
/// own, the claimed items are waiting again and the run lease is free, so a restarted process finishes them at once
/// (no wait for a lease to expire), each conversion uploaded once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SigtermReleaseTests(ReliabilityReport report) : SandboxedTest
{
    private const int Items = 3;
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();

    [Fact]
    public async Task Sigterm_MidRunInAProviderCall_ReleasesItemsAndRunLeaseSoARestartFinishesAtOnce()
    {
        var site = AdsSite.Create();
        var tables = StorageClients.CreateTables(Azurite.ConnectionString, _prefix);
        var queue = new TableQueueStore(tables, 4);
        var leases = new TableRunLeaseStore(tables);
        var runs = new TableRunStore(tables);

        await using (var first = new StandaloneProcess("sigterm-a"))
        {
            await first.StartAsync(StandaloneBuild.Executable, Settings("sigterm-a"));
            Assert.Equal(HttpStatusCode.OK, await SendAsync(first, "/api/cron/providers/seed-credentials", TestSecrets.Cron, site.SeedBody()));
            for (var i = 0; i < Items; i++) Assert.Equal(HttpStatusCode.Accepted, await SendAsync(first, "/api/conversions", TestSecrets.Api, site.Sale($"s{i}")));

            // The upload is held by the sandbox far longer than the test: the run is inside the provider call when SIGTERM comes.
            await Sandbox.Control.AddFaultAsync(new FaultSpec { Route = "ads.upload", Kind = FaultKind.Latency, Delay = TimeSpan.FromMinutes(10), PathContains = site.CustomerId });
            var twin = PostAsync(first, ConversionsApiPath, TestSecrets.Cron);
            await Poll.UntilAsync(async () => (await queue.GetStatsAsync(ConversionsQueue.Name, DateTimeOffset.UtcNow, default)).Count(QueueState.Processing) == Items, "the run to claim the items");

            await first.TerminateAsync();
            try
            {
                (await twin).Dispose();
            }
            catch (HttpRequestException)
            {
                // The connection went with the process: the caller sees a transport error, which is fine.
            }
        }

        // Released: every item is due now (none Processing), none Completed, none with an attempt counted against it twice.
        var stats = await queue.GetStatsAsync(ConversionsQueue.Name, DateTimeOffset.UtcNow, default);
        Assert.Equal(0, stats.Count(QueueState.Processing));
        Assert.Equal(0, stats.Count(QueueState.Completed));
        Assert.Equal(Items, (await queue.ListDueAsync(ConversionsQueue.Name, DateTimeOffset.UtcNow, 100, default)).Count);
        var run = Assert.Single(await runs.ListRecentAsync(ConversionsProcessor.JobName, 10, default));
        Assert.NotNull(run.FinishedAt);
        Assert.NotEqual(RunOutcome.Running, run.Outcome);
        var (probe, holder) = await leases.TryAcquireAsync(ConversionsProcessor.JobName, "probe", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5), default);
        Assert.True(probe is not null, $"the run lease is still held by {holder}");
        await leases.ReleaseAsync(probe, default);

        // A restarted process finishes the work at once.
        await Sandbox.Control.ClearFaultsAsync("ads.upload");
        await using var second = new StandaloneProcess("sigterm-b");
        await second.StartAsync(StandaloneBuild.Executable, Settings("sigterm-b"));
        using var answer = await PostAsync(second, ConversionsApiPath, TestSecrets.Cron);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(Items, JsonDocument.Parse(text).RootElement.GetProperty("completed").GetInt32());
        var accepted = (await Sandbox.Control.GetLedgerAsync<AdsUploadCall>("ads.upload")).Where(c => c.CustomerId == site.CustomerId).SelectMany(c => c.Rows).Where(r => r.Accepted).ToList();
        Assert.Equal(Items, accepted.Count);
        Assert.Equal(Items, accepted.Select(r => r.OrderId).Distinct().Count());

        report.Record(new CrashRow("conversions", "SIGTERM", 1, 2, Items, Lost: 0, DuplicatedSideEffects: accepted.Count - Items, Unknown: 0,
            $"none needed: items released and run lease freed at shutdown (run recorded {run.Outcome}), restart completed all at once"));
    }

    private const string ConversionsApiPath = "/api/cron/process-offline-conversions";

    private Dictionary<string, string> Settings(string instance)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Storage__TablePrefix"] = _prefix,
            ["Runs__InstanceId"] = instance,
            ["Scheduling__Enabled"] = "false",
            ["CRON_SECRET"] = TestSecrets.Cron,
            ["RUN_PENDING_DELIVERIES_SECRET"] = TestSecrets.Deliveries,
            ["API_SECRET"] = TestSecrets.Api,
            ["VAULT_KEY"] = TestSecrets.VaultKey,
            // Seeding credentials over HTTP is refused in Production.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["LocalSettingsPath"] = "",
            ["Telemetry__ConsoleExporter"] = "false",
        };
        foreach (var (key, value) in Sandbox.GoogleAdsSettings()) settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        return settings;
    }

    /// <summary>A request with a bearer secret.</summary>
    private static Task<HttpResponseMessage> PostAsync(StandaloneProcess process, string path, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return process.Client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> SendAsync(StandaloneProcess process, string path, string secret, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await process.Client.SendAsync(request);
        return response.StatusCode;
    }
}
