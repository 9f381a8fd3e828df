using Microsoft.Extensions.Configuration;

namespace Courier.Hosting.Timers;

/// <summary>
/// The time zone schedules are read in: <c>Scheduling:TimeZone</c> (standalone), else <c>WEBSITE_TIME_ZONE</c> (what the
/// Functions host reads, where the plan supports it), else UTC.
/// </summary>
/// <param name="Zone">The zone.</param>
public sealed record TimerZone(TimeZoneInfo Zone)
{
    public const string Setting = "Scheduling:TimeZone";
    public const string FunctionsSetting = "WEBSITE_TIME_ZONE";

    /// <summary>The configured zone id, or null for UTC.</summary>
    public static string? ConfiguredId(IConfiguration configuration)
    {
        var id = configuration[Setting];
        if (string.IsNullOrWhiteSpace(id)) id = configuration[FunctionsSetting];
        return string.IsNullOrWhiteSpace(id) ? null : id.Trim();
    }

    /// <summary>The configured zone; UTC when unset or unknown (start-up validation reports an unknown id).</summary>
    public static TimerZone From(IConfiguration configuration) =>
        new(ConfiguredId(configuration) is { } id ? CronSchedule.FindZone(id) ?? TimeZoneInfo.Utc : TimeZoneInfo.Utc);
}
