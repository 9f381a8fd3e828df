namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// Where and how one model's records are written (<c>WriteBack__Models__&lt;Model&gt;__…</c>): the spreadsheet and sheet, the
/// columns in sheet order starting at column A, the key column that holds the record id, the columns Courier never writes, and
/// the status column that carries the DELETED marker.
/// </summary>
public sealed class SheetMapping
{
    /// <summary>The spreadsheet's id (the part of its URL between <c>/d/</c> and <c>/edit</c>).</summary>
    public string SpreadsheetId { get; set; } = "";

    /// <summary>The sheet (tab) name as it shows in the spreadsheet; any name works, quoting is Courier's job.</summary>
    public string Sheet { get; set; } = "";

    /// <summary>Record field names in column order: the first is column A.</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary>The column holding the record id, written by Courier: how a row is found again, also after a crash.</summary>
    public string KeyColumn { get; set; } = "id";

    /// <summary>The column Courier writes the DELETED marker into (and clears when a record comes back).</summary>
    public string StatusColumn { get; set; } = "status";

    /// <summary>Columns people own (notes, formulas): never written, not even on delete; a record may carry them, they are ignored.</summary>
    public List<string> ReadOnlyColumns { get; set; } = [];

    /// <summary>Whose Google credentials (a site of the credential vault, provider <c>google_sheets</c>) write this sheet; empty: the job's default site.</summary>
    public string Site { get; set; } = "";

    public int IndexOf(string column) => Columns.IndexOf(column);

    public bool IsReadOnly(string column) => ReadOnlyColumns.Contains(column, StringComparer.Ordinal);

    /// <summary>Columns a record may set: every column except the key, the status column and the read-only ones.</summary>
    public bool IsWritableField(string column) =>
        column != KeyColumn && column != StatusColumn && !IsReadOnly(column) && Columns.Contains(column, StringComparer.Ordinal);

    /// <summary>The sheet this mapping writes.</summary>
    public SheetTarget Target => new(SpreadsheetId, Sheet);
}
