using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.Conversions;

/// <summary>Checks the consent defaults at start-up (the numeric settings carry data annotations).</summary>
public sealed class ConversionsOptionsValidator : IValidateOptions<ConversionsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversionsOptions options)
    {
        var errors = new List<string>();
        Check(errors, "Conversions:DefaultConsent", options.DefaultConsent);
        foreach (var (site, setting) in options.SiteConsent) Check(errors, $"Conversions:SiteConsent:{site}", setting);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string prefix, ConsentSetting setting)
    {
        var consent = setting.ToConsent();
        if (!ConversionConsent.IsValid(consent.AdUserData))
            errors.Add($"{prefix}:AdUserData '{consent.AdUserData}' must be one of {string.Join(", ", ConversionConsent.Values)}.");
        if (!ConversionConsent.IsValid(consent.AdPersonalization))
            errors.Add($"{prefix}:AdPersonalization '{consent.AdPersonalization}' must be one of {string.Join(", ", ConversionConsent.Values)}.");
    }
}
