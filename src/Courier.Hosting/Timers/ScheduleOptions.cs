namespace Courier.Hosting.Timers;

/// <summary>The effective timer settings, read once at start-up from the app settings both hosts share.</summary>
public sealed class ScheduleOptions
{
    /// <summary>Each timer's effective schedule (its <c>SCHEDULE_&lt;JOB&gt;</c> setting, else the catalog's), by timer name.</summary>
    public Dictionary<string, string> Schedules { get; } = new(StringComparer.Ordinal);

    /// <summary>The configured zone id, or null for UTC.</summary>
    public string? ZoneId { get; set; }
}
