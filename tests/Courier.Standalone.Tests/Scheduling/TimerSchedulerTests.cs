using Courier.Core.Runs;
using Courier.Core.Scheduling;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Scheduling;

/// <summary>Standalone hosts on one Azurite: real blob leases and monitor rows.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TimerSchedulerTests(AzuriteFixture azurite)
{
    private const string Job = RecoveryJob.Name;
    private static readonly DateTimeOffset Zero = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Zero.AddSeconds(1));
    private readonly List<RecordedRun> _runs = [];
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private readonly string _hostId = "h" + Guid.NewGuid().ToString("N")[..10];

    private Task<CourierTestHost> StartAsync(string instance, Dictionary<string, string?>? extra = null, bool realTime = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = _prefix,
            ["Scheduling:Enabled"] = "true",
            ["Scheduling:HostId"] = _hostId,
            ["Scheduling:AcquireRetryInterval"] = "00:00:01",
            [RecoveryJob.ScheduleSetting] = "*/10 * * * * *",
            ["Runs:InstanceId"] = instance,
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return CourierTestHost.StartAsync(
            settings,
            s =>
            {
                if (!realTime) s.AddSingleton<TimeProvider>(_time);
                s.AddSingleton(_runs);
                s.AddCourierJob<CountingJob>(RecoveryJob.Descriptor);
            },
            azurite.ConnectionString);
    }

    private RecordedRun[] Runs()
    {
        lock (_runs) return _runs.ToArray();
    }

    private static Task ArmedAsync(CourierTestHost host, int times) =>
        Eventually.TrueAsync(() => host.Logs.Count("timer_armed") >= times, $"{times} arming(s)", 30);

    private async Task FireAsync(int second, int expectedRuns)
    {
        _time.SetUtcNow(Zero.AddSeconds(second));
        await Eventually.TrueAsync(() => Runs().Length >= expectedRuns, $"{expectedRuns} runs by {second}s", 30);
    }

    [Fact]
    public async Task Scheduler_TwoInstancesOnRealTime_EachOccurrenceRunsOnceAndTheOtherTakesOverWhenTheHolderStops()
    {
        // Real clock, two-second schedule: the lease hand-over runs exactly as in production, only faster.
        var settings = new Dictionary<string, string?> { [RecoveryJob.ScheduleSetting] = "*/2 * * * * *" };
        var a = await StartAsync("instance-a", settings, realTime: true);
        await ArmedAsync(a, 1);
        await using var b = await StartAsync("instance-b", settings, realTime: true);

        await Eventually.TrueAsync(() => Runs().Count(r => r.Instance == "instance-a") >= 2, "two runs on A", 30);
        await a.DisposeAsync();
        await Eventually.TrueAsync(() => Runs().Count(r => r.Instance == "instance-b") >= 2, "two runs on B after A stopped", 30);
        await b.App.StopAsync();

        var runs = Runs();
        Assert.Equal(["instance-a", "instance-b"], runs.Select(r => r.Instance).Distinct());
        Assert.All(runs, r => Assert.Equal(RunTrigger.Timer, r.Trigger));
        // Every firing names the occurrence it claimed: across both instances no occurrence fired twice.
        var firings = a.Logs.Lines.Concat(b.Logs.Lines).Where(l => l.Contains("[timer_firing]", StringComparison.Ordinal))
            .Select(l => l.Split("Firing recover-processing for ")[1].Split(" (")[0]).ToList();
        Assert.Equal(firings.Count, firings.Distinct().Count());
        Assert.True(runs.Length <= firings.Count, $"{runs.Length} runs for {firings.Count} firings");
        var recorded = await b.Services.GetRequiredService<IRunStore>().ListRecentAsync(Job, 50, default);
        Assert.True(recorded.Count(r => r.Outcome == RunOutcome.Succeeded) <= firings.Count);
    }

    [Fact]
    public async Task Scheduler_OccurrenceMissedWhileDown_RunsOnceAtStartUpAsPastDue()
    {
        // A previous instance armed 00:00:10 and then went away; this one starts at 00:00:45.
        var monitor = new Courier.Storage.Scheduling.BlobScheduleMonitor(azurite.CreateBlobServiceClient());
        Assert.True(await monitor.TryWriteAsync(_hostId, Job, new ScheduleStatus(Zero, Zero.AddSeconds(10), Zero), default));
        _time.SetUtcNow(Zero.AddSeconds(45));

        await using var host = await StartAsync("instance-a");
        await Eventually.TrueAsync(() => Runs().Length >= 1, "the past-due run", 30);
        await ArmedAsync(host, 1);
        await FireAsync(50, 2);

        Assert.Equal([(RunTrigger.PastDue, 45), (RunTrigger.Timer, 50)], Runs().Select(r => (r.Trigger, (int)(r.At - Zero).TotalSeconds)));
        var recorded = await host.Services.GetRequiredService<IRunStore>().ListRecentAsync(Job, 10, default);
        Assert.Equal([RunTrigger.Timer, RunTrigger.PastDue], recorded.Select(r => r.Trigger));
        var status = await monitor.GetAsync(_hostId, Job, default);
        Assert.Equal(Zero.AddSeconds(50), status!.Last);
    }
}
