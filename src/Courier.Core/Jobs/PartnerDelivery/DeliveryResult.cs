using System.Text.Json.Serialization;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>One record's line in the report.</summary>
/// <param name="Idempotent">True when nothing had to be copied this run: an earlier run (crashed, or whose write-back failed) had.</param>
/// <param name="Waiting">True when the record was left for a later run (an outage or an open circuit, not a verdict).</param>
public sealed record DeliveryResult(
    string RecordId,
    bool Ok,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeliveredFileUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeliveredFolderUrl,
    string AuthMode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Idempotent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Waiting = null);
