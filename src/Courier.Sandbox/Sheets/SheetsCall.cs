namespace Courier.Sandbox.Sheets;

/// <summary>Ledger entry (<c>sheets</c>) of one Sheets values call, faulted or not; never holds the access token.</summary>
/// <param name="Route">The route key: <c>sheets.batchUpdate</c>, <c>sheets.append</c>, <c>sheets.batchClear</c> or <c>sheets.get</c>.</param>
/// <param name="User">Who the token acts for (the service account's email), or null when the call had no valid token.</param>
/// <param name="Ranges">The ranges the request named, as sent.</param>
/// <param name="UpdatedRanges">The ranges written, cleared or read, as answered (empty when the call failed).</param>
/// <param name="Rows">Rows sent (writes) or returned (get).</param>
/// <param name="Error">Google's status name (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, …) when the call failed.</param>
public sealed record SheetsCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Route,
    string SpreadsheetId,
    string? User,
    string? ValueInputOption,
    string? InsertDataOption,
    IReadOnlyList<string> Ranges,
    IReadOnlyList<string> UpdatedRanges,
    int Rows,
    int Status,
    string? Error,
    string? Fault);
