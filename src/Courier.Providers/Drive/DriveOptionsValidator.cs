using Microsoft.Extensions.Options;

namespace Courier.Providers.Drive;

/// <summary>Start-up checks of <see cref="DriveOptions"/>, with messages naming the setting.</summary>
public sealed class DriveOptionsValidator : IValidateOptions<DriveOptions>
{
    public ValidateOptionsResult Validate(string? name, DriveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IsHttpUrl(options.BaseUrl))
        {
            failures.Add("Drive:BaseUrl must be an absolute http or https URL.");
        }

        if (!IsHttpUrl(options.TokenUrl))
        {
            failures.Add("Drive:TokenUrl must be an absolute http or https URL.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Drive:Timeout must be between 00:00:01 and 00:10:00.");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            failures.Add("Drive:PageSize must be between 1 and 1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
