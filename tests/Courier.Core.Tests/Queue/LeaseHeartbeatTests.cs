using Courier.Core.Queue;
using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Queue;

public sealed class LeaseHeartbeatTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_EachPeriodOnTheInjectedClock_Beats()
    {
        var time = TestClock.New();
        var beats = new SemaphoreSlim(0);
        await using var heartbeat = LeaseHeartbeat.Start(_ => { beats.Release(); return Task.FromResult(true); }, Period, time, default);

        Assert.False(await beats.WaitAsync(0));
        for (var i = 0; i < 3; i++)
        {
            time.Advance(Period);
            Assert.True(await beats.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(heartbeat.Lost);
        Assert.False(heartbeat.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task Beat_LeaseGone_CancelsTheWorkAndSaysLost()
    {
        var time = TestClock.New();
        await using var heartbeat = LeaseHeartbeat.Start(_ => Task.FromResult(false), Period, time, default);
        var cancelled = new TaskCompletionSource();
        heartbeat.Token.Register(() => cancelled.TrySetResult());

        time.Advance(Period);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(heartbeat.Lost);
    }

    [Fact]
    public async Task Beat_Throws_TriesAgainNextPeriod()
    {
        var time = TestClock.New();
        var calls = 0;
        var second = new TaskCompletionSource();
        await using var heartbeat = LeaseHeartbeat.Start(_ =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new IOException("storage hiccup");
            second.TrySetResult();
            return Task.FromResult(true);
        }, Period, time, default);

        time.Advance(Period);
        await WaitForCallsAsync(() => Volatile.Read(ref calls) >= 1);
        time.Advance(Period);
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(heartbeat.Lost);
        Assert.False(heartbeat.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task Token_CallerCancels_IsCancelledWithoutLosingTheLease()
    {
        using var caller = new CancellationTokenSource();
        await using var heartbeat = LeaseHeartbeat.Start(_ => Task.FromResult(true), Period, TestClock.New(), caller.Token);

        await caller.CancelAsync();

        Assert.True(heartbeat.Token.IsCancellationRequested);
        Assert.False(heartbeat.Lost);
    }

    [Fact]
    public async Task Dispose_StopsBeating()
    {
        var time = TestClock.New();
        var calls = 0;
        var heartbeat = LeaseHeartbeat.Start(_ => { Interlocked.Increment(ref calls); return Task.FromResult(true); }, Period, time, default);

        await heartbeat.DisposeAsync();
        time.Advance(Period * 3);

        Assert.Equal(0, Volatile.Read(ref calls));
    }

    // The first beat runs on the thread pool after Advance; wait for it by yielding (bounded), never by sleeping.
    private static async Task WaitForCallsAsync(Func<bool> done)
    {
        var spins = 0;
        while (!done())
        {
            if (++spins > 1_000_000) throw new TimeoutException("the beat did not run");
            await Task.Yield();
        }
    }
}
