namespace Courier.Providers.GoogleAds;

/// <summary>One offline click conversion to upload; set exactly one of <see cref="Gclid"/>, <see cref="Gbraid"/>, <see cref="Wbraid"/>.</summary>
public sealed record ClickConversion
{
    public string? Gclid { get; init; }

    public string? Gbraid { get; init; }

    public string? Wbraid { get; init; }

    /// <summary>Resource name <c>customers/{id}/conversionActions/{id}</c>; null uses the credentials' conversion action.</summary>
    public string? ConversionAction { get; init; }

    /// <summary>Sent as <c>yyyy-MM-dd HH:mm:ss+HH:mm</c> in this value's own offset.</summary>
    public required DateTimeOffset ConversionDateTime { get; init; }

    public required decimal Value { get; init; }

    /// <summary>ISO 4217 code, for example EUR.</summary>
    public required string Currency { get; init; }

    /// <summary>Google refuses a second conversion with the same order id per conversion action, which makes resending safe.</summary>
    public string? OrderId { get; init; }

    /// <summary>Google's <c>consent</c>: <c>adUserData</c>, <c>adPersonalization</c> (GRANTED, DENIED, UNSPECIFIED); null parts are not sent.</summary>
    public string? ConsentAdUserData { get; init; }

    public string? ConsentAdPersonalization { get; init; }
}
