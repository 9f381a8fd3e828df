namespace Courier.Core.Jobs.Conversions;

/// <summary>A queued offline conversion as stored in the queue item's payload; <see cref="Consent"/> is what the request gave (the site default applies at upload).</summary>
public sealed record ConversionPayload(
    string SiteId,
    string SaleId,
    ClickIdKind ClickIdKind,
    string ClickId,
    DateTimeOffset ConversionDateTime,
    decimal Value,
    string Currency,
    string OrderId,
    ConversionConsent? Consent = null);
