using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.GoogleAds;

/// <summary>Start-up checks of <see cref="GoogleAdsOptions"/>, with messages naming the setting.</summary>
public sealed partial class GoogleAdsOptionsValidator : IValidateOptions<GoogleAdsOptions>
{
    public ValidateOptionsResult Validate(string? name, GoogleAdsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IsHttpUrl(options.BaseUrl))
        {
            failures.Add("GoogleAds:BaseUrl must be an absolute http or https URL.");
        }

        if (options.ApiVersion is null || !ApiVersionPattern().IsMatch(options.ApiVersion))
        {
            failures.Add("GoogleAds:ApiVersion must be 'v' followed by digits, for example v21.");
        }

        if (!IsHttpUrl(options.TokenUrl))
        {
            failures.Add("GoogleAds:TokenUrl must be an absolute http or https URL.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("GoogleAds:Timeout must be between 00:00:01 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^v[0-9]+$")]
    private static partial Regex ApiVersionPattern();
}
