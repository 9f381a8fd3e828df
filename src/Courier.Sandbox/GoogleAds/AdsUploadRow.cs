namespace Courier.Sandbox.GoogleAds;

/// <summary>One conversion of an upload call as the sandbox saw it, and whether it was accepted (else the error code it got).</summary>
public sealed record AdsUploadRow(
    int Index,
    string? Gclid,
    string? Gbraid,
    string? Wbraid,
    string? ConversionAction,
    string? ConversionDateTime,
    decimal? ConversionValue,
    string? CurrencyCode,
    string? OrderId,
    bool Accepted,
    string? ErrorCode)
{
    /// <summary>The row's <c>consent.adUserData</c> as sent, or null.</summary>
    public string? ConsentAdUserData { get; init; }

    /// <summary>The row's <c>consent.adPersonalization</c> as sent, or null.</summary>
    public string? ConsentAdPersonalization { get; init; }
}
