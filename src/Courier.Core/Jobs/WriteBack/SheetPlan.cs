using System.Text.Json;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// One sheet's writes for a run: records whose row the key column shows are written in place (a delete clears the writable
/// cells and marks the row), the others are appended (a delete of a record without a row is left unmatched).
/// </summary>
internal sealed class SheetPlan(SheetMapping mapping, string deletedMarker)
{
    private readonly List<(RecordChanges Record, int Row, IReadOnlyList<object?> Cells, string Action)> _updates = [];
    private readonly List<(RecordChanges Record, IReadOnlyList<object?> Cells)> _appends = [];
    private readonly List<RecordChanges> _unmatched = [];

    public IReadOnlyList<(RecordChanges Record, int Row, IReadOnlyList<object?> Cells, string Action)> Updates => _updates;

    public IReadOnlyList<(RecordChanges Record, IReadOnlyList<object?> Cells)> Appends => _appends;

    public IReadOnlyList<RecordChanges> Unmatched => _unmatched;

    /// <summary>Plans each record from <paramref name="keyColumn"/> (index i is row i + 1); a key found twice counts at its first row.</summary>
    public void Locate(IReadOnlyList<RecordChanges> records, IReadOnlyList<string?> keyColumn)
    {
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keyColumn.Count; i++)
        {
            if (keyColumn[i] is { Length: > 0 } key) rows.TryAdd(key, i + 1);
        }

        foreach (var record in records)
        {
            var found = rows.TryGetValue(record.RecordId, out var row);
            if (record.Action == SyncAction.Delete)
            {
                if (found) _updates.Add((record, row, Cells(record, deleted: true), "deleted"));
                else _unmatched.Add(record);
            }
            else if (found)
            {
                _updates.Add((record, row, Cells(record, deleted: false), "updated"));
            }
            else
            {
                _appends.Add((record, Cells(record, deleted: false)));
            }
        }
    }

    /// <summary>The row from column A: the key, the status, the record's fields; null for read-only cells and fields the record leaves out.</summary>
    private object?[] Cells(RecordChanges record, bool deleted)
    {
        var cells = new object?[mapping.Columns.Count];
        for (var c = 0; c < cells.Length; c++)
        {
            var column = mapping.Columns[c];
            if (column == mapping.KeyColumn) cells[c] = record.RecordId;
            else if (column == mapping.StatusColumn) cells[c] = deleted ? deletedMarker : "";
            else if (mapping.IsReadOnly(column)) cells[c] = null;
            else if (deleted) cells[c] = "";
            else cells[c] = record.Fields.TryGetValue(column, out var value) ? Cell(value) : null;
        }

        return cells;
    }

    /// <summary>A JSON value as a cell: text, a number, a boolean; null clears the cell ("").</summary>
    private static object Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? d : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => "",
    };
}
