using Microsoft.Extensions.Options;

namespace Courier.Sandbox.GoogleAds;

/// <summary>Refuses version lists the sandbox could not read, at start-up rather than on the first upload.</summary>
internal sealed class GoogleAdsSandboxOptionsValidator : IValidateOptions<GoogleAdsSandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, GoogleAdsSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (text, setting) in new[] { (options.SunsetVersions, "GoogleAds:SunsetVersions"), (options.RetiredVersions, "GoogleAds:RetiredVersions") })
        {
            try
            {
                ApiVersionSet.Parse(text, setting);
            }
            catch (FormatException e)
            {
                failures.Add(e.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
