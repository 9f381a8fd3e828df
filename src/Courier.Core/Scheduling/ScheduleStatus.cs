namespace Courier.Core.Scheduling;

/// <summary>A timer's schedule monitor row: the last occurrence claimed and the next one due.</summary>
/// <param name="Last">The last occurrence claimed (run or skipped); null before the first.</param>
/// <param name="Next">The next occurrence to fire.</param>
/// <param name="LastUpdated">When the row was written.</param>
public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated)
{
    /// <summary>Opaque concurrency token from the store; null for a row not yet stored.</summary>
    public string? Version { get; init; }
}
