using System.Text.Json.Nodes;

namespace Courier.Sandbox.Sheets;

/// <summary>One sheet (tab): its title, grid size and the cells that hold a value (strings, numbers or booleans), 1-based.</summary>
internal sealed class SheetGrid(string title, int rowCount, int columnCount)
{
    private Dictionary<(int Row, int Column), JsonValue> cells = [];

    public string Title { get; } = title;

    public int RowCount { get; private set; } = rowCount;

    public int ColumnCount { get; private set; } = columnCount;

    public JsonValue? Get(int row, int column) => cells.GetValueOrDefault((row, column));

    /// <summary>Sets a cell (an empty string clears it); the grid grows as Google's values API grows it.</summary>
    public void Set(int row, int column, JsonValue value)
    {
        RowCount = Math.Max(RowCount, row);
        ColumnCount = Math.Max(ColumnCount, column);
        if (value.TryGetValue<string>(out var text) && text.Length == 0)
        {
            cells.Remove((row, column));
        }
        else
        {
            cells[(row, column)] = value;
        }
    }

    /// <summary>Inserts <paramref name="count"/> empty rows before <paramref name="row"/>, moving the rows below down.</summary>
    public void InsertRows(int row, int count)
    {
        cells = cells.ToDictionary(p => p.Key.Row >= row ? (p.Key.Row + count, p.Key.Column) : p.Key, p => p.Value);
        RowCount = Math.Max(RowCount, row - 1) + count;
    }

    public void Clear(Bounds bounds) =>
        cells = cells.Where(p => !bounds.Contains(p.Key.Row, p.Key.Column)).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The rows from <paramref name="fromRow"/> on that hold a value within the columns, first and last; null when there are none.</summary>
    public (int First, int Last)? DataRows(int fromRow, int firstColumn, int lastColumn)
    {
        var rows = cells.Keys.Where(k => k.Row >= fromRow && k.Column >= firstColumn && k.Column <= lastColumn).Select(k => k.Row).ToList();
        return rows.Count == 0 ? null : (rows.Min(), rows.Max());
    }

    /// <summary>Resolves a range's open ends against this grid.</summary>
    public Bounds Resolve(A1Range range) => new(
        range.StartRow ?? 1,
        range.StartColumn ?? 1,
        range.EndRow ?? RowCount,
        range.EndColumn ?? ColumnCount);

    /// <summary>The values inside the bounds as Google returns them: trailing empty rows and trailing empty cells of a row left out.</summary>
    public List<List<JsonValue?>> Read(Bounds bounds)
    {
        var rows = new List<List<JsonValue?>>();
        for (var r = bounds.StartRow; r <= Math.Min(bounds.EndRow, RowCount); r++)
        {
            var row = new List<JsonValue?>();
            for (var c = bounds.StartColumn; c <= Math.Min(bounds.EndColumn, ColumnCount); c++)
            {
                row.Add(Get(r, c));
            }

            while (row.Count > 0 && row[^1] is null)
            {
                row.RemoveAt(row.Count - 1);
            }

            rows.Add(row);
        }

        while (rows.Count > 0 && rows[^1].Count == 0)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return rows;
    }
}
