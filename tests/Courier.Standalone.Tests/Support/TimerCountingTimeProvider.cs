using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers created on it (each <c>Task.Delay</c> on it creates one), so a
/// test advances a relative delay only once it is armed, instead of racing the code that arms it.
/// </summary>
public sealed class TimerCountingTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private int _created;

    public int TimersCreated => Volatile.Read(ref _created);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _created);
        return timer;
    }
}
