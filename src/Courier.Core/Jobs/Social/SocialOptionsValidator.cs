using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.Social;

/// <summary>Checks the durations of <see cref="SocialOptions"/> at start-up (the numbers carry data annotations).</summary>
public sealed class SocialOptionsValidator : IValidateOptions<SocialOptions>
{
    public ValidateOptionsResult Validate(string? name, SocialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ContainerPollDelay < TimeSpan.FromSeconds(5) || options.ContainerPollDelay > TimeSpan.FromHours(1))
            errors.Add("Social:ContainerPollDelay must be between 00:00:05 and 01:00:00.");
        if (options.LeaseFor < TimeSpan.FromMinutes(1) || options.LeaseFor > TimeSpan.FromHours(1))
            errors.Add("Social:LeaseFor must be between 00:01:00 and 01:00:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
