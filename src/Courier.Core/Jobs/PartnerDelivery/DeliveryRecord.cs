using System.Text.Json;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>A listed record: its id and its non-empty cells as JSON (types are checked by the job, not trusted).</summary>
public sealed record DeliveryRecord(string Id, IReadOnlyDictionary<string, JsonElement> Fields);
