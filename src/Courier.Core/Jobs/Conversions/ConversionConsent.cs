using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Jobs.Conversions;

/// <summary>
/// The user's consent sent with a conversion (Google's ClickConversion <c>consent</c>): each part GRANTED, DENIED or
/// UNSPECIFIED, or null to leave it to the site's default (and, without one, unsent).
/// </summary>
public sealed record ConversionConsent(string? AdUserData, string? AdPersonalization)
{
    public const string Granted = "GRANTED";
    public const string Denied = "DENIED";
    public const string Unspecified = "UNSPECIFIED";

    public static IReadOnlyList<string> Values { get; } = [Granted, Denied, Unspecified];

    public bool IsEmpty => AdUserData is null && AdPersonalization is null;

    /// <summary>This consent with each missing part taken from <paramref name="fallback"/>.</summary>
    public ConversionConsent Over(ConversionConsent? fallback) =>
        fallback is null ? this : new(AdUserData ?? fallback.AdUserData, AdPersonalization ?? fallback.AdPersonalization);

    /// <summary>True when <paramref name="value"/> is null or one of <see cref="Values"/>.</summary>
    public static bool IsValid(string? value) => value is null || Values.Contains(value, StringComparer.Ordinal);

    /// <summary>Reads a <c>consent</c> object of a request body, naming each bad field as <c>consent.&lt;name&gt;</c>.</summary>
    public static ConversionConsent? Parse(JsonFields body, string field)
    {
        var element = body.Object(field, required: false);
        if (element is null) return null;
        var fields = new JsonFields(element.Value);
        var adUserData = Part(fields, "adUserData");
        var adPersonalization = Part(fields, "adPersonalization");
        foreach (var property in element.Value.EnumerateObject())
        {
            if (property.Name is not ("adUserData" or "adPersonalization")) fields.Error(property.Name, "is not a known field");
        }

        foreach (var error in fields.Errors) body.Error($"{field}.{error.Field}", error.Message);
        return fields.Errors.Count == 0 ? new ConversionConsent(adUserData, adPersonalization) : null;
    }

    private static string? Part(JsonFields fields, string name)
    {
        var value = fields.String(name, required: false, maxLength: 20);
        if (value is not null && !IsValid(value)) fields.Error(name, $"must be one of {string.Join(", ", Values)}");
        return IsValid(value) ? value : null;
    }
}
