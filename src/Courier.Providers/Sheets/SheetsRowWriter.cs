using System.Globalization;
using Courier.Core.Credentials;
using Courier.Core.Jobs.WriteBack;

namespace Courier.Providers.Sheets;

/// <summary>Adapts the Sheets REST client to Core's <see cref="ISheetRowWriter"/> port: A1 ranges with the sheet name always quoted.</summary>
public sealed class SheetsRowWriter(ISheetsClient client) : ISheetRowWriter
{
    public string ProviderKey => SheetsCredentialSchema.ProviderKey;

    public async Task<IReadOnlyList<string?>> ReadColumnAsync(SiteCredentials credentials, SheetTarget sheet, int column, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var letter = SheetsA1.ColumnName(column);
        var rows = await client.GetAsync(SheetsCredentials.From(credentials), sheet.SpreadsheetId, SheetsA1.Range(sheet.Sheet, $"{letter}:{letter}"), cancellationToken).ConfigureAwait(false);
        return rows.Select(row => row.Count == 0 ? null : Text(row[0])).ToList();
    }

    public Task UpdateRowsAsync(SiteCredentials credentials, SheetTarget sheet, IReadOnlyList<SheetRowUpdate> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        var data = rows
            .Select(r => (SheetsA1.Range(sheet.Sheet, $"A{r.Row}:{SheetsA1.ColumnName(Math.Max(r.Cells.Count, 1) - 1)}{r.Row}"), (IReadOnlyList<IReadOnlyList<object?>>)[r.Cells]))
            .ToList();
        return client.BatchUpdateAsync(SheetsCredentials.From(credentials), sheet.SpreadsheetId, data, cancellationToken);
    }

    public async Task<int> AppendRowsAsync(SiteCredentials credentials, SheetTarget sheet, IReadOnlyList<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("an append needs at least one row", nameof(rows));
        var width = Math.Max(1, rows.Max(r => r.Count));
        var range = SheetsA1.Range(sheet.Sheet, $"A:{SheetsA1.ColumnName(width - 1)}");
        var result = await client.AppendAsync(SheetsCredentials.From(credentials), sheet.SpreadsheetId, range, rows, cancellationToken).ConfigureAwait(false);
        return result.FirstRow;
    }

    private static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };
}
