using Courier.Functions.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Functions.Scheduling;

/// <summary>Checks the scheduler's settings and every timer's effective schedule at start-up.</summary>
public sealed class SchedulerOptionsValidator(IConfiguration configuration) : IValidateOptions<SchedulerOptions>
{
    public static readonly TimeSpan MinLease = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxLease = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HostId) || options.HostId.Length > 32 || !options.HostId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            errors.Add("Scheduling:HostId must be 1-32 characters of lower-case letters, digits or '-'.");
        if (options.LeaseDuration < MinLease || options.LeaseDuration > MaxLease)
            errors.Add("Scheduling:LeaseDuration must be between 00:00:15 and 00:01:00.");
        if (options.AcquireRetryInterval <= TimeSpan.Zero || options.AcquireRetryInterval > TimeSpan.FromMinutes(5))
            errors.Add("Scheduling:AcquireRetryInterval must be more than 00:00:00 and at most 00:05:00.");
        var zoneId = ZoneId(options, configuration);
        if (zoneId is not null && CronSchedule.FindZone(zoneId) is null)
            errors.Add($"Scheduling:TimeZone '{zoneId}' is not a known time zone.");

        var settings = new FunctionSettings(configuration);
        foreach (var timer in JobCatalog.Timers)
        {
            var expression = settings.ScheduleOf(timer);
            if (!CronSchedule.IsValid(expression))
                errors.Add($"Schedules:{timer.Name} '{expression}' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The configured zone id: <c>Scheduling:TimeZone</c>, else <c>WEBSITE_TIME_ZONE</c>, else null for UTC.</summary>
    public static string? ZoneId(SchedulerOptions options, IConfiguration configuration)
    {
        var id = string.IsNullOrWhiteSpace(options.TimeZone) ? configuration["WEBSITE_TIME_ZONE"] : options.TimeZone;
        return string.IsNullOrWhiteSpace(id) ? null : id.Trim();
    }
}
