using Microsoft.Extensions.Options;

namespace Courier.Providers.Sheets;

/// <summary>Start-up checks of <see cref="SheetsOptions"/>, with messages naming the setting.</summary>
public sealed class SheetsOptionsValidator : IValidateOptions<SheetsOptions>
{
    public ValidateOptionsResult Validate(string? name, SheetsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IsHttpUrl(options.BaseUrl))
        {
            failures.Add("Sheets:BaseUrl must be an absolute http or https URL.");
        }

        if (!IsHttpUrl(options.TokenUrl))
        {
            failures.Add("Sheets:TokenUrl must be an absolute http or https URL.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Sheets:Timeout must be between 00:00:01 and 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
