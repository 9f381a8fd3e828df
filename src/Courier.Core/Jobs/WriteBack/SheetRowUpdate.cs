namespace Courier.Core.Jobs.WriteBack;

/// <summary>One row written in place: its 1-based row number and its cells from column A (null leaves a cell as it is).</summary>
public sealed record SheetRowUpdate(int Row, IReadOnlyList<object?> Cells);
