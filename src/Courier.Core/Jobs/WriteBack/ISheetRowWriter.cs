using Courier.Core.Credentials;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// Port: reads and writes rows of one sheet. Each method is one provider request; a failure throws
/// <see cref="Errors.ProviderException"/>, classified, with a hold reason when it concerns the credentials or spreadsheet.
/// Cells are strings, numbers (double or decimal) or booleans; a null cell is left as the sheet has it ("" clears it).
/// </summary>
public interface ISheetRowWriter
{
    /// <summary>The provider whose credentials (and circuits) the writes use.</summary>
    string ProviderKey { get; }

    /// <summary>The values of column <paramref name="column"/> (0 = A) from row 1 down: index i is row i + 1; empty cells are null.</summary>
    Task<IReadOnlyList<string?>> ReadColumnAsync(SiteCredentials credentials, SheetTarget sheet, int column, CancellationToken cancellationToken);

    /// <summary>Writes each row in place, from column A, all in one request.</summary>
    Task UpdateRowsAsync(SiteCredentials credentials, SheetTarget sheet, IReadOnlyList<SheetRowUpdate> rows, CancellationToken cancellationToken);

    /// <summary>Appends the rows after the sheet's last row, from column A, in one request; returns the row number of the first.</summary>
    Task<int> AppendRowsAsync(SiteCredentials credentials, SheetTarget sheet, IReadOnlyList<IReadOnlyList<object?>> rows, CancellationToken cancellationToken);
}
