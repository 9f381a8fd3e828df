namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>The cells to set on one record (null clears a cell).</summary>
public sealed record DeliveryRecordUpdate(string Id, IReadOnlyDictionary<string, object?> Fields);
