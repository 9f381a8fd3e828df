using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Meta;

/// <summary>Start-up checks of <see cref="MetaOptions"/>, with messages naming the setting.</summary>
public sealed partial class MetaOptionsValidator : IValidateOptions<MetaOptions>
{
    public ValidateOptionsResult Validate(string? name, MetaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Meta:BaseUrl must be an absolute http or https URL.");
        }

        if (options.ApiVersion is null || !VersionPattern().IsMatch(options.ApiVersion))
        {
            failures.Add("Meta:ApiVersion must look like v25.0.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Meta:Timeout must be between 00:00:01 and 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^v[1-9][0-9]{0,2}\\.[0-9]{1,2}$")]
    private static partial Regex VersionPattern();
}
