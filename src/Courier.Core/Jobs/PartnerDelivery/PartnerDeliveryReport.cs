using System.Text.Json.Serialization;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>The twin's report: <c>{"ok","processed","succeeded","failed","skipped","results":[…]}</c> (spec §5.1).</summary>
/// <param name="Error">Set when the run could not list its work (Airtable unavailable, the base's circuit open): nothing was decided.</param>
public sealed record PartnerDeliveryReport(
    bool Ok,
    int Processed,
    int Succeeded,
    int Failed,
    int Skipped,
    IReadOnlyList<DeliveryResult> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
