namespace Courier.Reliability.Tests.Support;

/// <summary>
/// Real time plus an offset the test moves forward: leases, backoffs and schedules expire at once when the offset jumps,
/// while delays and timers inside a run (rate gates, polls) still pass in real time, so nothing waits on a clock no one moves.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
