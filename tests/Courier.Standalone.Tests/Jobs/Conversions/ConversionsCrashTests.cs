using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.Recovery;
using Courier.Sandbox.Control;
using Courier.Storage;
using Courier.Storage.Queue;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Xunit.Abstractions;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>
/// Crash recovery that keeps up (spec §3), with two built standalone executables on one Azurite and the Google Ads sandbox
/// in-process: 6,000 queued conversions of one site, instance A killed outright (SIGKILL) just after its first upload call,
/// then instance B alone. B's job takes A's rows back itself once A's leases have run out, so no recovery run is needed;
/// and one recovery run is enough when it is the one that runs. Google must accept every orderId exactly once.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConversionsCrashTests(AzuriteFixture azurite, ConversionsSandbox sandbox, ITestOutputHelper output) : IClassFixture<ConversionsSandbox>, IAsyncLifetime
{
    private const int Rows = 6000;
    private const int QueueShards = 4;

    /// <summary>The rows' claim lease (Conversions:LeaseFor); shorter than the run lease less one renewal period (15 s − 5 s), so by
    /// the time A's dead run lease lets B run the job, every claim A made has run out too.</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(8);

    /// <summary>Runs:LeaseDuration, its minimum: a killed instance holds the job at most this long.</summary>
    private static readonly TimeSpan RunLease = TimeSpan.FromSeconds(15);

    /// <summary>Added to every upload call of the site, so a 6,000-row run lasts a few seconds and A dies mid-run.</summary>
    private static readonly TimeSpan UploadLatency = TimeSpan.FromSeconds(1);

    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private readonly TestSite _site = TestSite.Create();
    private StandaloneProcess _a = null!;
    private StandaloneProcess _b = null!;
    private TableQueueStore _store = null!;

    public async Task InitializeAsync()
    {
        _a = new StandaloneProcess("instance-a");
        _b = new StandaloneProcess("instance-b");
        var executable = StandaloneBuild.Executable;
        _store = new TableQueueStore(StorageClients.CreateTables(azurite.ConnectionString, _prefix), QueueShards);
        // The rows go in while the two processes start.
        await Task.WhenAll(_a.StartAsync(executable, Settings(_a.Id)), _b.StartAsync(executable, Settings(_b.Id)), SeedRowsAsync());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task KillMidRun_OtherInstanceRunsTheJobOnly_OneRunAfterTheLeasesCompletesAllAndEachOrderIdIsAcceptedOnce()
    {
        var crash = await CrashAsync();

        // B's twin answers 409 while A's dead run holds the job; its first run takes A's rows back and drains everything.
        var (report, runTime, refused) = await RunConversionsOnBAsync();
        var doneAt = crash.Clock.Elapsed;
        output.WriteLine($"B: {refused} × 409, then one run of {runTime.TotalSeconds:F1} s, all done {doneAt.TotalSeconds:F1} s after the kill: {report.GetRawText()}");

        Assert.Equal(crash.Processing, report.GetProperty("recovered").GetInt32());
        Assert.Equal(Rows - crash.Completed, report.GetProperty("completed").GetInt32());
        Assert.Equal((0, 0), (report.GetProperty("failed").GetInt32(), report.GetProperty("retry").GetInt32()));
        // Within A's leases (the run lease outlasts the claim lease) plus one run of the job on B, and a little polling (B asks every 250 ms).
        Assert.True(doneAt <= RunLease + runTime + TimeSpan.FromSeconds(5), $"done {doneAt} after the kill; run lease {RunLease}, B's run {runTime}");
        await AssertAllCompletedAndAcceptedOnceAsync();
    }

    [Fact]
    public async Task KillMidRun_OtherInstanceRunsRecoveryOnceThenTheJob_AllCompletedAndEachOrderIdIsAcceptedOnce()
    {
        var crash = await CrashAsync();

        // Once A's claim leases have run out, one recovery run (no extra age) takes all of A's rows back.
        await PollAsync(async () => crash.Processing == 0 || (await _store.ListExpiredLeasesAsync(ConversionsQueue.Name, DateTimeOffset.UtcNow, Rows, default)).Count == crash.Processing, "A's claim leases to run out", ClaimLease + TimeSpan.FromSeconds(5));
        var recovery = await SendAsync(_b, $"/{RecoveryJob.TwinRoute}?min_age_minutes=0");
        Assert.True(recovery.Status == HttpStatusCode.OK, $"recovery twin: {(int)recovery.Status} {recovery.Text}");
        var recovered = JsonDocument.Parse(recovery.Text).RootElement;
        Assert.Equal(crash.Processing, recovered.GetProperty("recovered").GetInt32());
        Assert.Equal(crash.Processing, recovered.GetProperty("byQueue").GetProperty(ConversionsQueue.Name).GetInt32());

        var (report, runTime, refused) = await RunConversionsOnBAsync();
        output.WriteLine($"B: recovery {recovery.Text}; {refused} × 409, then one run of {runTime.TotalSeconds:F1} s, all done {crash.Clock.Elapsed.TotalSeconds:F1} s after the kill: {report.GetRawText()}");

        Assert.Equal(0, report.GetProperty("recovered").GetInt32());
        Assert.Equal(Rows - crash.Completed, report.GetProperty("completed").GetInt32());
        Assert.Equal((0, 0), (report.GetProperty("failed").GetInt32(), report.GetProperty("retry").GetInt32()));
        await AssertAllCompletedAndAcceptedOnceAsync();
    }

    /// <summary>What storage held when A died, and a clock started at the kill.</summary>
    private sealed record Crash(int Processing, int Completed, Stopwatch Clock);

    /// <summary>
    /// Straight into the queue table both instances use (6,000 API calls would take most of a minute); each body goes through
    /// the API's own parser, so the rows are what POST /api/conversions would store.
    /// </summary>
    private async Task SeedRowsAsync()
    {
        var seeding = Stopwatch.StartNew();
        var queue = new ConversionsQueue(new WorkQueue(_store, TimeProvider.System));
        await Parallel.ForEachAsync(Enumerable.Range(0, Rows), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var (payload, errors) = ConversionSubmission.Parse(JsonSerializer.SerializeToElement(_site.Sale(SaleId(i))));
            Assert.Empty(errors);
            Assert.True((await queue.EnqueueAsync(payload!, ct)).Created);
        });
        output.WriteLine($"seeded {Rows} rows in {seeding.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Seeds the site's credentials, runs the twin on A (6,000 rows) and kills A as soon as the sandbox has recorded its first upload call.</summary>
    private async Task<Crash> CrashAsync()
    {
        var seeded = await SendAsync(_b, "/" + ConversionsJob.SeedCredentialsRoute, new JsonObject
        {
            ["site_id"] = _site.SiteId,
            ["provider_key"] = "google_ads",
            ["credentials"] = _site.Credentials(),
        });
        Assert.True(seeded.Status == HttpStatusCode.OK, $"seed: {(int)seeded.Status} {seeded.Text}");

        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = ConversionsSandbox.UploadLedger, Kind = FaultKind.Latency, Delay = UploadLatency, PathContains = _site.CustomerId });

        var running = SendAsync(_a, $"/{ConversionsJob.TwinRoute}?limit={Rows}");
        await PollAsync(async () => (await sandbox.UploadsForAsync(_site.CustomerId)).Count > 0, "A's first upload call", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
        await _a.KillAsync();
        var clock = Stopwatch.StartNew();
        var answer = await Record.ExceptionAsync(() => running);
        Assert.True(answer is HttpRequestException or TaskCanceledException, $"A's twin should die with A, got {answer?.GetType().Name ?? "an answer"}");

        var stats = await new WorkQueue(_store, TimeProvider.System).GetStatsAsync(ConversionsQueue.Name);
        var calls = await sandbox.UploadsForAsync(_site.CustomerId);
        output.WriteLine($"A killed after {calls.Count} upload call(s) ({calls.Sum(c => c.AcceptedCount)} rows accepted); rows then: {string.Join(", ", stats.ByState.Select(s => $"{s.Key}={s.Value}"))}");
        Assert.Equal(Rows, stats.ByState.Values.Sum());
        Assert.True(stats.Count(QueueState.Completed) < Rows, "A finished before it was killed");
        return new Crash(stats.Count(QueueState.Processing), stats.Count(QueueState.Completed), clock);
    }

    /// <summary>Calls B's conversions twin until it is let in (409 while A's dead run holds the job), then returns that one run's report.</summary>
    private async Task<(JsonElement Report, TimeSpan RunTime, int Refused)> RunConversionsOnBAsync()
    {
        var refused = 0;
        (JsonElement, TimeSpan, int)? result = null;
        await PollAsync(async () =>
        {
            var call = Stopwatch.StartNew();
            var answer = await SendAsync(_b, $"/{ConversionsJob.TwinRoute}?limit={Rows}");
            if (answer.Status == HttpStatusCode.Conflict)
            {
                Assert.Contains("run_in_progress", answer.Text, StringComparison.Ordinal);
                refused++;
                return false;
            }

            Assert.True(answer.Status == HttpStatusCode.OK, $"B's twin: {(int)answer.Status} {answer.Text}");
            result = (JsonDocument.Parse(answer.Text).RootElement, call.Elapsed, refused);
            return true;
        }, "B's twin to be let in and run", RunLease + TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        return result!.Value;
    }

    private async Task AssertAllCompletedAndAcceptedOnceAsync()
    {
        var stats = await new WorkQueue(_store, TimeProvider.System).GetStatsAsync(ConversionsQueue.Name);
        Assert.Equal(Rows, stats.Count(QueueState.Completed));
        Assert.Equal(Rows, stats.ByState.Values.Sum());

        var rows = (await sandbox.UploadsForAsync(_site.CustomerId)).SelectMany(c => c.Rows).ToList();
        var accepted = rows.Where(r => r.Accepted).GroupBy(r => r.OrderId).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(Enumerable.Range(0, Rows).Select(SaleId).Order(StringComparer.Ordinal), accepted.Keys.Order(StringComparer.Ordinal));
        var twice = accepted.Where(a => a.Value != 1).Select(a => $"{a.Key}×{a.Value}").ToList();
        Assert.True(twice.Count == 0, "accepted more than once: " + string.Join(", ", twice.Take(20)));
        // A second upload of a row A had sent is Google's duplicate answer, which Courier completes; nothing else was refused.
        Assert.All(rows.Where(r => !r.Accepted), r => Assert.Equal("ORDER_ID_ALREADY_IN_USE", r.ErrorCode));
        output.WriteLine($"{rows.Count} rows uploaded in all, {rows.Count(r => !r.Accepted)} answered ORDER_ID_ALREADY_IN_USE");
    }

    private static string SaleId(int i) => $"crash-{i:D4}";

    private Dictionary<string, string> Settings(string id)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage__TablePrefix"] = _prefix,
            ["Storage__QueueShards"] = QueueShards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // No timers: every run here is a twin call the test makes.
            ["Scheduling__Enabled"] = "false",
            ["Scheduling__HostId"] = "crash-" + _prefix,
            ["Runs__InstanceId"] = id,
            ["Runs__LeaseDuration"] = RunLease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Conversions__LeaseFor"] = ClaimLease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            // B's twin is called every 250 ms while A's run lease lives.
            ["Http__TwinRateLimitPerMinute"] = "1000",
            ["CRON_SECRET"] = TestSecrets.Cron,
            ["RUN_PENDING_DELIVERIES_SECRET"] = TestSecrets.Deliveries,
            ["API_SECRET"] = TestSecrets.Api,
            ["VAULT_KEY"] = TestSecrets.VaultKey,
            // Seeding credentials over HTTP is refused in Production.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["LocalSettingsPath"] = "",
        };
        foreach (var (key, value) in sandbox.GoogleAdsSettings()) settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        return settings;
    }

    private sealed record Answer(HttpStatusCode Status, string Text);

    /// <summary>POSTs with the cron secret (twins, seed-credentials).</summary>
    private static async Task<Answer> SendAsync(StandaloneProcess instance, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await instance.Client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Bounded polling: asks <paramref name="probe"/> every <paramref name="every"/> (500 ms by default) until it is true, for at most <paramref name="limit"/>.</summary>
    private async Task PollAsync(Func<Task<bool>> probe, string what, TimeSpan limit, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await probe())
        {
            if (_b.HasExited) throw new InvalidOperationException($"{_b.Id} exited while waiting for {what}:\n{_b.Tail()}");
            if (clock.Elapsed > limit) throw new TimeoutException($"timed out after {limit} waiting for {what}\n{_a.Tail()}\n{_b.Tail()}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(500));
        }
    }
}
