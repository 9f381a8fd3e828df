using Courier.Core.Runs;
using Courier.Core.Scheduling;
using Courier.Standalone.Scheduling;
using Courier.Hosting.Timers;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Scheduling;

public sealed class TimerListenerTests
{
    private const string Timer = "sync-write-back";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryTimerLockStore _locks;
    private readonly InMemoryScheduleMonitor _monitor = new();
    private readonly List<RecordedRun> _runs = [];
    private readonly CapturingLoggerProvider _logs = new();

    public TimerListenerTests() => _locks = new InMemoryTimerLockStore(_time);

    private static DateTimeOffset At(int seconds) => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds);

    private (TimerListener Listener, RecordingDispatcher Dispatcher) Instance(string owner, IScheduleMonitor? monitor = null)
    {
        var dispatcher = new RecordingDispatcher(_time, owner, _runs);
        var settings = new SchedulerSettings("host", owner, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeZoneInfo.Utc);
        return (new TimerListener(Timer, Timer, CronSchedule.Parse("*/10 * * * * *"), settings, _locks, monitor ?? _monitor, dispatcher, _time, _logs.CreateLogger(owner)), dispatcher);
    }

    private RecordedRun[] Runs()
    {
        lock (_runs) return _runs.ToArray();
    }

    private async Task AdvanceToAsync(int seconds, int expectedRuns)
    {
        _time.SetUtcNow(At(seconds));
        await Eventually.TrueAsync(() => Runs().Length >= expectedRuns, $"{expectedRuns} runs by {seconds}s");
    }

    /// <summary>
    /// Advances the clock a second at a time until <paramref name="done"/>, yielding between steps so work that
    /// continues on other threads (cancellation callbacks) can catch up; fails past <paramref name="limit"/>.
    /// </summary>
    private async Task AdvanceUntilAsync(Func<bool> done, DateTimeOffset limit)
    {
        while (!done())
        {
            Assert.True(_time.GetUtcNow() < limit, "not done by " + limit.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            _time.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < 50; i++) await Task.Yield();
        }
    }

    [Fact]
    public async Task RunAsync_OneInstance_FiresEachOccurrenceOnceOnTime()
    {
        var (listener, _) = Instance("a");
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        await AdvanceToAsync(10, 1);
        await AdvanceToAsync(20, 2);
        await AdvanceToAsync(30, 3);
        await stop.CancelAsync();
        await running;

        Assert.Equal([At(10), At(20), At(30)], Runs().Select(r => r.At));
        Assert.All(Runs(), r => Assert.Equal(RunTrigger.Timer, r.Trigger));
        var status = await _monitor.GetAsync("host", Timer, default);
        Assert.Equal(At(30), status!.Last);
        Assert.Equal(At(40), status.Next);
    }

    [Fact]
    public async Task RunAsync_OccurrencesMissedWhileDown_RunOnceAsPastDue()
    {
        // The monitor says the next fire was 00:00:10; the instance starts at 00:00:45, three occurrences late.
        await _monitor.TryWriteAsync("host", Timer, new ScheduleStatus(At(0), At(10), At(0)), default);
        _time.SetUtcNow(At(45));
        var (listener, _) = Instance("a");
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Runs().Length >= 1, "the past-due run");
        await AdvanceToAsync(50, 2);
        await stop.CancelAsync();
        await running;

        Assert.Equal([(RunTrigger.PastDue, At(45)), (RunTrigger.Timer, At(50))], Runs().Select(r => (r.Trigger, r.At)));
    }

    [Fact]
    public async Task RunAsync_TwoInstances_EachOccurrenceRunsOnce()
    {
        var (a, _) = Instance("a");
        var (b, _) = Instance("b");
        using var stop = new CancellationTokenSource();
        var runningA = a.RunAsync(stop.Token);
        var runningB = b.RunAsync(stop.Token);

        for (var i = 1; i <= 5; i++) await AdvanceToAsync(i * 10, i);
        await stop.CancelAsync();
        await Task.WhenAll(runningA, runningB);

        Assert.Equal([At(10), At(20), At(30), At(40), At(50)], Runs().Select(r => r.At));
        Assert.All(Runs(), r => Assert.Equal("a", r.Instance));
    }

    [Fact]
    public async Task RunAsync_HolderStops_OtherInstanceTakesOverWithoutRepeating()
    {
        var (a, _) = Instance("a");
        var (b, _) = Instance("b");
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runningA = a.RunAsync(stopA.Token);
        var runningB = b.RunAsync(stopB.Token);

        await AdvanceToAsync(10, 1);
        await AdvanceToAsync(20, 2);
        await stopA.CancelAsync();
        await runningA;
        // B retries the lease every 5 s, takes it, and fires the next occurrence.
        _time.SetUtcNow(At(25));
        await AdvanceToAsync(30, 3);
        await AdvanceToAsync(40, 4);
        await stopB.CancelAsync();
        await runningB;

        Assert.Equal([("a", At(10)), ("a", At(20)), ("b", At(30)), ("b", At(40))], Runs().Select(r => (r.Instance, r.At)));
    }

    [Fact]
    public async Task RunAsync_HolderLosesStorage_OtherTakesOverAfterTheLeaseExpires()
    {
        var (a, _) = Instance("a");
        var (b, _) = Instance("b");
        using var stop = new CancellationTokenSource();
        var runningA = a.RunAsync(stop.Token);
        var runningB = b.RunAsync(stop.Token);
        await AdvanceToAsync(10, 1);

        // As if A's process died: none of its calls reach storage any more, so its lease runs out.
        _locks.MakeUnreachable("a");
        await AdvanceUntilAsync(() => Runs().Any(r => r.Instance == "b"), At(120));
        await stop.CancelAsync();
        await Task.WhenAll(runningA, runningB);

        var occurrences = Runs().Select(r => r.At).ToList();
        Assert.Equal(occurrences.Distinct().Count(), occurrences.Count);
        Assert.Contains(Runs(), r => r.Instance == "b");
    }

    [Fact]
    public async Task RunAsync_LeaseLostDuringARun_AbortsTheRun()
    {
        var (a, dispatcher) = Instance("a");
        dispatcher.Body = ct => Task.Delay(Timeout.InfiniteTimeSpan, ct);
        using var stop = new CancellationTokenSource();
        var running = a.RunAsync(stop.Token);
        await AdvanceToAsync(10, 1);

        _locks.MakeUnreachable("a");
        for (var s = 11; s <= 30; s++) _time.SetUtcNow(At(s));
        await Eventually.TrueAsync(() => Runs()[0].Aborted, "the run to be aborted");
        await stop.CancelAsync();
        await running;

        Assert.True(Runs()[0].Aborted);
    }

    [Fact]
    public async Task RunAsync_RunOutlastsTheNextOccurrences_NeverOverlapsAndSkipsThem()
    {
        var (a, dispatcher) = Instance("a");
        var release = new TaskCompletionSource();
        dispatcher.Body = ct => Runs().Length == 1 ? release.Task.WaitAsync(ct) : Task.CompletedTask;
        using var stop = new CancellationTokenSource();
        var running = a.RunAsync(stop.Token);
        await AdvanceToAsync(10, 1);

        for (var s = 11; s <= 35; s++) _time.SetUtcNow(At(s));
        release.SetResult();
        // The run ends on another thread; wait until the listener has skipped 20 and 30 and armed 40.
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 2, "the listener to re-arm");
        await AdvanceToAsync(40, 2);
        await stop.CancelAsync();
        await running;

        Assert.Equal([At(10), At(40)], Runs().Select(r => r.At));
        Assert.Equal(1, dispatcher.MaxConcurrent);
    }

    [Fact]
    public async Task RunAsync_FirstOccurrenceComesDueWhileCreatingTheRow_FiresOnceAsTimer()
    {
        // A fresh table on slow storage: creating the row (first Next 00:00:10) takes until 00:00:12.
        var slow = new SlowCreateScheduleMonitor(_monitor, () => _time.SetUtcNow(At(12)));
        var (listener, _) = Instance("a", slow);
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Runs().Length >= 1, "the first occurrence");
        await AdvanceToAsync(20, 2);
        await stop.CancelAsync();
        await running;

        // 00:00:10 came due after the lease was taken: it fires on time (late only by the load), once, not as past due.
        Assert.Equal(1, slow.Creates);
        Assert.Equal([(RunTrigger.Timer, At(12)), (RunTrigger.Timer, At(20))], Runs().Select(r => (r.Trigger, r.At)));
    }

    /// <summary>Runs <paramref name="whileCreating"/> when the row is first created, as if the create took that long.</summary>
    private sealed class SlowCreateScheduleMonitor(IScheduleMonitor inner, Action whileCreating) : IScheduleMonitor
    {
        public int Creates { get; private set; }

        public Task<ScheduleStatus?> GetAsync(string hostId, string timer, CancellationToken cancellationToken) =>
            inner.GetAsync(hostId, timer, cancellationToken);

        public async Task<bool> TryWriteAsync(string hostId, string timer, ScheduleStatus status, CancellationToken cancellationToken)
        {
            var written = await inner.TryWriteAsync(hostId, timer, status, cancellationToken);
            if (written && status.Version is null && Creates++ == 0) whileCreating();
            return written;
        }
    }
}
