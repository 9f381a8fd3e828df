namespace Courier.Sandbox.Airtable;

/// <summary>Ledger entry (<c>airtable</c>) of one Airtable call, faulted or not; never holds the token.</summary>
/// <param name="Route">The route key: <c>airtable.list</c> or <c>airtable.update</c>.</param>
/// <param name="Formula">The <c>filterByFormula</c> of a list, as received.</param>
/// <param name="RecordIds">Records returned (list) or sent (update).</param>
/// <param name="Writes">For updates: the fields sent per record id.</param>
/// <param name="Error">Airtable's error type (INVALID_FILTER_BY_FORMULA, RATE_LIMIT_REACHED, …) when the call failed.</param>
public sealed record AirtableCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Route,
    string BaseId,
    string Table,
    string? Formula,
    IReadOnlyList<string> RecordIds,
    IReadOnlyDictionary<string, Dictionary<string, System.Text.Json.Nodes.JsonNode?>>? Writes,
    int Status,
    string? Error,
    string? Fault);
