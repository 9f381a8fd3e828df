namespace Courier.Sandbox.Sheets;

/// <summary>A closed rectangle of cells, 1-based.</summary>
internal readonly record struct Bounds(int StartRow, int StartColumn, int EndRow, int EndColumn)
{
    public bool Contains(int row, int column) => row >= StartRow && row <= EndRow && column >= StartColumn && column <= EndColumn;

    public string Format(string sheet) => A1Range.Format(sheet, StartColumn, StartRow, EndColumn, EndRow);
}
