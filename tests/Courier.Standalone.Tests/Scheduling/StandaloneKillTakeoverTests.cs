using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.TestUtils.Hosts;
using Courier.Storage;
using Courier.Storage.Runs;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Standalone.Tests.Scheduling;

/// <summary>
/// Two published executables, standalone, on one Azurite: the instance holding the recover-processing listener lease is
/// killed outright (no graceful stop, so its blob lease is never released) and the other one takes the timer over once the
/// lease expires. Runs come from the real Runs table; occurrences from the scheduler's own "Firing … for {occurrence}" lines.
/// </summary>
public sealed partial class StandaloneKillTakeoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Timer = RecoveryJob.Name;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Slot = TimeSpan.FromSeconds(2);

    private readonly AzuriteFixture _azurite = new();
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private readonly string _hostId = "kill-" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<StandaloneProcess> _instances = [];
    private TableRunStore _runs = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _runs = new TableRunStore(StorageClients.CreateTables(_azurite.ConnectionString, _prefix));
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Standalone_KillingTheLeaseHolder_LetsTheOtherInstanceTakeOverWithoutRunningAnOccurrenceTwice()
    {
        var executable = StandaloneBuild.Executable;
        await Task.WhenAll(Start(executable, "instance-a"), Start(executable, "instance-b"));

        // The holder is whoever records runs. Kill it just after one of its runs has finished, mid-way between two
        // occurrences, so it is not killed inside a run (whose run lease would then block the job for RunBudget + 1 min).
        var first = await PollAsync(async () => (await RunsAsync()).FirstOrDefault(r => r.Outcome == RunOutcome.Succeeded), "a first finished run");
        var holder = _instances.Single(i => i.Id == first.Instance);
        var survivor = _instances.Single(i => i != holder);
        await PollAsync(
            async () => (await RunsAsync()).FirstOrDefault() is { Outcome: RunOutcome.Succeeded, FinishedAt: { } finished } latest &&
                latest.Instance == holder.Id && latest.RunId != first.RunId && DateTimeOffset.UtcNow - finished < TimeSpan.FromSeconds(1),
            "a run of the holder that has just finished");
        await holder.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;

        var beforeKill = await RunsAsync();
        Assert.DoesNotContain(beforeKill, r => r.Outcome == RunOutcome.Running);
        Assert.Contains(holder.Lines(), l => l.Contains($"{holder.Id} holds the listener lease of {Timer}", StringComparison.Ordinal));
        Assert.DoesNotContain(survivor.Lines(), l => l.Contains($"{survivor.Id} holds the listener lease of {Timer}", StringComparison.Ordinal));

        // The killed holder never released its lease: the survivor takes the timer only when the lease expires.
        await PollAsync(
            async () => (await RunsAsync()).Count(r => r.Instance == survivor.Id && r.Trigger == RunTrigger.Timer && r.Outcome == RunOutcome.Succeeded && r.StartedAt > killedAt) >= 2,
            $"two runs by {survivor.Id} after {holder.Id} was killed",
            TimeSpan.FromSeconds(60));
        Assert.False(survivor.HasExited, "the survivor exited:\n" + survivor.Tail());
        using (var status = await survivor.Client.GetAsync(new Uri("/api/status", UriKind.Relative)))
            Assert.True(status.IsSuccessStatusCode, $"GET /api/status on the survivor: {(int)status.StatusCode}");

        var runs = await RunsAsync();
        var firings = Firings(holder).Concat(Firings(survivor)).ToList();
        var report = Report(runs, firings, killedAt);
        output.WriteLine($"{holder.Id} killed; {survivor.Id} took over\n{report}");

        // Takeover: after the kill only the survivor runs the job; it holds the lease and ran the occurrence missed
        // during the lease hand-over once, as past due.
        Assert.Contains(survivor.Lines(), l => l.Contains($"{survivor.Id} holds the listener lease of {Timer}", StringComparison.Ordinal));
        Assert.All(runs.Where(r => r.StartedAt > killedAt), r => Assert.Equal(survivor.Id, r.Instance));
        Assert.DoesNotContain(runs, r => r.Instance == holder.Id && r.StartedAt > killedAt);
        var pastDue = Assert.Single(runs, r => r.Trigger == RunTrigger.PastDue);
        Assert.Equal(survivor.Id, pastDue.Instance);
        Assert.True(pastDue.StartedAt > killedAt, report);
        Assert.All(runs, r => Assert.Contains(r.Trigger, new[] { RunTrigger.Timer, RunTrigger.PastDue }));

        // No occurrence ran twice. The scheduler names the occurrence it claimed in its firing line...
        var twiceFired = firings.GroupBy(f => f.Occurrence).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twiceFired.Count == 0, "occurrences fired twice: " + string.Join(", ", twiceFired) + "\n" + report);
        Assert.Equal(1, firings.Count(f => f.Trigger == nameof(RunTrigger.PastDue)));
        foreach (var instance in _instances)
        {
            var fired = firings.Count(f => f.Instance == instance.Id);
            var ran = runs.Count(r => r.Instance == instance.Id);
            Assert.True(ran <= fired, $"{instance.Id}: {ran} runs for {fired} firings\n{report}");
        }

        // ...and the run records, which carry only their start, group by the two-second occurrence they started in.
        var twiceRun = runs.Where(r => r.Trigger == RunTrigger.Timer).GroupBy(r => OccurrenceOf(r.StartedAt)).Where(g => g.Count() > 1).ToList();
        Assert.True(twiceRun.Count == 0, "occurrences run twice: " + string.Join(", ", twiceRun.Select(g => g.Key.ToString("O", CultureInfo.InvariantCulture))) + "\n" + report);
    }

    /// <summary>The */2 occurrence a timer run belongs to: it starts just after its occurrence (claim write first), never 1.5 s late here.</summary>
    private static DateTimeOffset OccurrenceOf(DateTimeOffset startedAt)
    {
        var ticks = (startedAt.UtcTicks + TimeSpan.TicksPerMillisecond * 500) / Slot.Ticks * Slot.Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static string Report(IEnumerable<RunRecord> runs, IEnumerable<Firing> firings, DateTimeOffset killedAt) =>
        $"killed at {killedAt:O}\nruns:\n" +
        string.Join("\n", runs.OrderBy(r => r.StartedAt).Select(r => $"  {r.StartedAt:O} {r.Instance} {r.Trigger} {r.Outcome}")) +
        "\nfirings:\n" + string.Join("\n", firings.OrderBy(f => f.Occurrence, StringComparer.Ordinal).Select(f => $"  {f.Occurrence} {f.Instance} {f.Trigger}"));

    private async Task<IReadOnlyList<RunRecord>> RunsAsync() => await _runs.ListRecentAsync(Timer, 1000, default);

    private async Task Start(string executable, string id)
    {
        var instance = new StandaloneProcess(id);
        lock (_instances) _instances.Add(instance);
        await instance.StartAsync(executable, Settings(id));
    }

    private Dictionary<string, string> Settings(string id)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Storage__TablePrefix"] = _prefix,
            ["Scheduling__HostId"] = _hostId,
            ["Scheduling__LeaseDuration"] = "00:00:15",
            ["Scheduling__AcquireRetryInterval"] = "00:00:01",
            [RecoveryJob.ScheduleSetting] = "*/2 * * * * *",
            ["Runs__InstanceId"] = id,
            ["CRON_SECRET"] = TestSecrets.Cron,
            ["RUN_PENDING_DELIVERIES_SECRET"] = TestSecrets.Deliveries,
            ["API_SECRET"] = TestSecrets.Api,
            ["VAULT_KEY"] = TestSecrets.VaultKey,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["LocalSettingsPath"] = "",
        };
        foreach (var other in JobCatalog.Timers.Where(t => t.Name != Timer)) settings[$"AzureWebJobs_{other.Name}_Disabled"] = "true";
        return settings;
    }

    /// <summary>Bounded polling (every 500 ms, up to <paramref name="limit"/>, 30 s by default) for <paramref name="probe"/> to give a value.</summary>
    private async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (value is not null && !(value is bool b && !b)) return value;
            foreach (var instance in _instances.Where(i => i.HasExited && !i.Killed))
                throw new InvalidOperationException($"{instance.Id} exited while waiting for {what}:\n{instance.Tail()}");
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(30)))
            {
                var runs = await RunsAsync();
                throw new TimeoutException($"timed out waiting for {what}\n{Report(runs, _instances.SelectMany(Firings), DateTimeOffset.UtcNow)}\n" + string.Join("\n", _instances.Select(i => i.Tail())));
            }

            await Task.Delay(Poll);
        }
    }

    private sealed record Firing(string Instance, string Occurrence, string Trigger);

    /// <summary>The scheduler's "Firing {timer} for {occurrence:O} ({trigger})" lines of one instance.</summary>
    private static IEnumerable<Firing> Firings(StandaloneProcess instance) =>
        instance.Lines().Select(l => FiringLine().Match(l)).Where(m => m.Success).Select(m => new Firing(instance.Id, m.Groups[1].Value, m.Groups[2].Value));

    [GeneratedRegex(@"Firing " + Timer + @" for (\S+) \((\w+)\)")]
    private static partial Regex FiringLine();
}
