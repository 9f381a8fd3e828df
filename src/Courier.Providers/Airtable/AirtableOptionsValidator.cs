using Microsoft.Extensions.Options;

namespace Courier.Providers.Airtable;

/// <summary>Start-up checks of <see cref="AirtableOptions"/>, with messages naming the setting.</summary>
public sealed class AirtableOptionsValidator : IValidateOptions<AirtableOptions>
{
    public ValidateOptionsResult Validate(string? name, AirtableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Airtable:BaseUrl must be an absolute http or https URL.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Airtable:Timeout must be between 00:00:01 and 00:05:00.");
        }

        if (options.RequestsPerSecondPerBase is < 1 or > 50)
        {
            failures.Add("Airtable:RequestsPerSecondPerBase must be between 1 and 50.");
        }

        if (options.RateWindow < TimeSpan.FromSeconds(1) || options.RateWindow > TimeSpan.FromMinutes(1))
        {
            failures.Add("Airtable:RateWindow must be between 00:00:01 and 00:01:00.");
        }

        if (options.RateLimitWait < TimeSpan.FromSeconds(1) || options.RateLimitWait > TimeSpan.FromMinutes(10))
        {
            failures.Add("Airtable:RateLimitWait must be between 00:00:01 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
