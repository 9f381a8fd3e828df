namespace Courier.Core.Scheduling;

/// <summary>A timer's schedule monitor status: the last occurrence claimed and the next one due.</summary>
/// <param name="Last">
/// When the last claimed occurrence ran (its time, or the later time it fired or was skipped at): <paramref name="Next"/>
/// is the schedule's next after it, which is how the Functions host tells a stored row from a schedule change; null before the first.
/// </param>
/// <param name="Next">The next occurrence to fire; <see cref="DateTimeOffset.MaxValue"/> when the store holds none, so the scheduler re-arms it.</param>
/// <param name="LastUpdated">When the status was written.</param>
public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated)
{
    /// <summary>Opaque concurrency token from the store; null for a status not yet stored.</summary>
    public string? Version { get; init; }
}
