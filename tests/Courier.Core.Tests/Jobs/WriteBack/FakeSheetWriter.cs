using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.WriteBack;

namespace Courier.Core.Tests.Jobs.WriteBack;

/// <summary>Sheets in memory behind the <see cref="ISheetRowWriter"/> port: null cells leave what is there; errors can be scripted per call.</summary>
internal sealed class FakeSheetWriter : ISheetRowWriter
{
    private readonly Dictionary<SheetTarget, List<object?[]>> _sheets = [];

    public string ProviderKey => "google_sheets";

    /// <summary>Errors thrown by the next calls, in order (null lets a call through).</summary>
    public Queue<ProviderError?> Errors { get; } = new();

    public List<string> Calls { get; } = [];

    /// <summary>Sheets whose every call fails with the given error.</summary>
    public Dictionary<SheetTarget, ProviderError> Refused { get; } = [];

    public IReadOnlyList<object?[]> Rows(SheetTarget sheet) => _sheets.TryGetValue(sheet, out var rows) ? rows : [];

    public Task<IReadOnlyList<string?>> ReadColumnAsync(SiteCredentials credentials, SheetTarget sheet, int column, CancellationToken cancellationToken)
    {
        Call("get", sheet);
        IReadOnlyList<string?> values = Rows(sheet).Select(r => column < r.Length ? r[column]?.ToString() : null).ToList();
        return Task.FromResult(values);
    }

    public Task UpdateRowsAsync(SiteCredentials credentials, SheetTarget sheet, IReadOnlyList<SheetRowUpdate> rows, CancellationToken cancellationToken)
    {
        Call("update", sheet);
        var grid = Grid(sheet);
        foreach (var update in rows)
        {
            while (grid.Count < update.Row) grid.Add([]);
            var row = grid[update.Row - 1];
            if (row.Length < update.Cells.Count) Array.Resize(ref row, update.Cells.Count);
            for (var c = 0; c < update.Cells.Count; c++) row[c] = update.Cells[c] ?? row[c];
            grid[update.Row - 1] = row;
        }

        return Task.CompletedTask;
    }

    public Task<int> AppendRowsAsync(SiteCredentials credentials, SheetTarget sheet, IReadOnlyList<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        Call("append", sheet);
        var grid = Grid(sheet);
        var first = grid.Count + 1;
        grid.AddRange(rows.Select(r => r.ToArray()));
        return Task.FromResult(first);
    }

    private List<object?[]> Grid(SheetTarget sheet)
    {
        if (!_sheets.TryGetValue(sheet, out var rows)) _sheets[sheet] = rows = [];
        return rows;
    }

    private void Call(string name, SheetTarget sheet)
    {
        Calls.Add($"{name} {sheet}");
        if (Refused.TryGetValue(sheet, out var refusal)) throw new ProviderException(refusal);
        if (Errors.TryDequeue(out var error) && error is not null) throw new ProviderException(error);
    }
}
