using NCrontab;

namespace Courier.Hosting.Timers;

/// <summary>A six-field NCRONTAB schedule (seconds first, as the Functions host reads it) in a time zone.</summary>
public sealed class CronSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };
    private readonly CrontabSchedule _cron;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(string expression, CrontabSchedule cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _cron = cron;
        _zone = zone;
    }

    public string Expression { get; }

    public static bool IsValid(string expression) =>
        expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 && CrontabSchedule.TryParse(expression, WithSeconds) is not null;

    /// <summary>Parses <paramref name="expression"/>; throws <see cref="FormatException"/> when it is not six NCRONTAB fields.</summary>
    public static CronSchedule Parse(string expression, TimeZoneInfo? zone = null)
    {
        if (!IsValid(expression)) throw new FormatException($"'{expression}' is not a six-field NCRONTAB expression.");
        return new CronSchedule(expression, CrontabSchedule.Parse(expression, WithSeconds), zone ?? TimeZoneInfo.Utc);
    }

    /// <summary>An IANA (or, where the platform maps it, Windows) time zone, or null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>. Wall-clock times skipped by a DST change do not fire.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
        for (var guard = 0; guard < 10_000; guard++)
        {
            local = _cron.GetNextOccurrence(local);
            if (_zone.IsInvalidTime(local)) continue;
            // A repeated wall-clock hour fires once, at its first (daylight) instant.
            var offset = _zone.IsAmbiguousTime(local) ? _zone.GetAmbiguousTimeOffsets(local).Max() : _zone.GetUtcOffset(local);
            var next = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
            if (next > instant) return next.ToUniversalTime();
        }

        throw new InvalidOperationException($"'{Expression}' has no occurrence after {instant:O}.");
    }
}
