using Microsoft.Extensions.Options;

namespace Courier.Standalone.Scheduling;

/// <summary>Checks the scheduler's settings at start-up (schedules and the time zone are checked for both hosts by ScheduleSettingsValidator).</summary>
public sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
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
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
