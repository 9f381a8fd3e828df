namespace Courier.Providers.Sheets;

/// <summary>
/// Google Sheets v4 <c>spreadsheets.values</c> calls for one site's credentials. Every failure is a
/// <see cref="Courier.Core.Errors.ProviderException"/> classified once here; account-level ones carry a hold reason.
/// </summary>
public interface ISheetsClient
{
    /// <summary><c>values:batchUpdate</c> (RAW) of several ranges in one write request; returns the updated ranges as Google names them.</summary>
    Task<IReadOnlyList<string>> BatchUpdateAsync(
        SheetsCredentials credentials, string spreadsheetId, IReadOnlyList<(string Range, IReadOnlyList<IReadOnlyList<object?>> Rows)> data, CancellationToken cancellationToken);

    /// <summary><c>values/{range}:append</c> (RAW, INSERT_ROWS); returns where Google put the rows.</summary>
    Task<SheetsAppendResult> AppendAsync(SheetsCredentials credentials, string spreadsheetId, string range, IReadOnlyList<IReadOnlyList<object?>> rows, CancellationToken cancellationToken);

    /// <summary><c>values:batchClear</c> of several ranges in one write request; returns the cleared ranges.</summary>
    Task<IReadOnlyList<string>> BatchClearAsync(SheetsCredentials credentials, string spreadsheetId, IReadOnlyList<string> ranges, CancellationToken cancellationToken);

    /// <summary><c>values/{range}</c>: the formatted cell values, row by row (trailing empty rows and cells left out, as Google does).</summary>
    Task<IReadOnlyList<IReadOnlyList<object?>>> GetAsync(SheetsCredentials credentials, string spreadsheetId, string range, CancellationToken cancellationToken);
}
