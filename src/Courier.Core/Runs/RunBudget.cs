namespace Courier.Core.Runs;

/// <summary>
/// A run's time budget: work is claimed only while enough time is left to finish or release it.
/// </summary>
public sealed class RunBudget(TimeProvider time, DateTimeOffset startedAt, TimeSpan budget, TimeSpan reserve)
{
    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset Deadline { get; } = startedAt + budget;

    public TimeSpan Remaining => Deadline - time.GetUtcNow();

    /// <summary>False once less than the reserve is left: stop claiming, finish or release what is held.</summary>
    public bool CanClaimMore => Remaining > reserve;

    public static RunBudget Unlimited(TimeProvider time) => new(time, time.GetUtcNow(), TimeSpan.FromDays(365), TimeSpan.Zero);
}
