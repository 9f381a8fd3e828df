using Courier.Hosting.Catalog;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Timers;

/// <summary>Checks the schedule settings at start-up, in both hosts: every timer's effective schedule is six NCRONTAB fields, and the time zone is known.</summary>
public sealed class ScheduleSettingsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        var errors = new List<string>();
        if (options.ZoneId is { } zoneId && CronSchedule.FindZone(zoneId) is null)
            errors.Add($"Time zone '{zoneId}' ({TimerZone.Setting} or {TimerZone.FunctionsSetting}) is not a known time zone.");

        foreach (var timer in JobCatalog.Timers)
        {
            var expression = options.Schedules.GetValueOrDefault(timer.Name, timer.Schedule!);
            if (!CronSchedule.IsValid(expression))
                errors.Add($"{timer.ScheduleSetting} '{expression}' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
