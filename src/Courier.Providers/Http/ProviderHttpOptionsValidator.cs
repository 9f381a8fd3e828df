using Microsoft.Extensions.Options;

namespace Courier.Providers.Http;

/// <summary>Start-up checks of <see cref="ProviderHttpOptions"/>, with messages naming the setting.</summary>
public sealed class ProviderHttpOptionsValidator : IValidateOptions<ProviderHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, ProviderHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("ProviderHttp:AttemptTimeout must be between 00:00:01 and 00:10:00.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("ProviderHttp:TotalTimeout must be at least ProviderHttp:AttemptTimeout.");
        }

        if (options.MaxRetries is < 0 or > 5)
        {
            failures.Add("ProviderHttp:MaxRetries must be between 0 and 5.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("ProviderHttp:RetryBaseDelay must be between 00:00:00 and 00:01:00.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add("ProviderHttp:MaxRetryAfter must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
