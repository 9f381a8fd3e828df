namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>A ledger row.</summary>
/// <param name="Fingerprint">A hash of the inputs the state was reached with (source, batch, destination): a change starts over.</param>
/// <param name="DeliveredUrl">The copied file's or top folder's link, once <see cref="DeliveryState.Copied"/>.</param>
/// <param name="DeliveredIsFolder">Whether the URL goes to Delivered Folder URL (true) or Delivered File URL.</param>
/// <param name="Version">The storage's ETag of the row as read; null for a new row.</param>
public sealed record DeliveryLedgerEntry(
    string BaseId,
    string RecordId,
    DeliveryState State,
    string Fingerprint,
    string? SourceId,
    string? DestinationId,
    string? DeliveredUrl,
    bool DeliveredIsFolder,
    int CopiedItems,
    string? Error,
    DateTimeOffset UpdatedAt,
    string? Version = null);
