namespace Courier.Core.Jobs.Conversions;

/// <summary>A queued offline conversion as stored in the queue item's payload.</summary>
public sealed record ConversionPayload(
    string SiteId,
    string SaleId,
    ClickIdKind ClickIdKind,
    string ClickId,
    DateTimeOffset ConversionDateTime,
    decimal Value,
    string Currency,
    string OrderId);
