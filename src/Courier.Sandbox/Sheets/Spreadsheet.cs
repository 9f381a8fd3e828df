namespace Courier.Sandbox.Sheets;

/// <summary>A spreadsheet made through the control API: its id and its sheets, in order.</summary>
internal sealed class Spreadsheet(string id, IReadOnlyList<SheetGrid> sheets)
{
    public string Id { get; } = id;

    public IReadOnlyList<SheetGrid> Sheets { get; } = sheets;

    /// <summary>The sheet a range names (titles match case-insensitively, as in Google Sheets), or the first sheet when it names none.</summary>
    public SheetGrid? Find(A1Range range) =>
        range.Sheet is null ? Sheets[0] : Sheets.FirstOrDefault(s => string.Equals(s.Title, range.Sheet, StringComparison.OrdinalIgnoreCase));
}
