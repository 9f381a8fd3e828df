namespace Courier.Core.Jobs.Conversions;

/// <summary>A consent default as configured (<c>AdUserData</c>, <c>AdPersonalization</c>: GRANTED, DENIED, UNSPECIFIED or empty).</summary>
public sealed class ConsentSetting
{
    public string? AdUserData { get; set; }

    public string? AdPersonalization { get; set; }

    public ConversionConsent ToConsent() => new(Blank(AdUserData), Blank(AdPersonalization));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
