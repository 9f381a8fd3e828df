namespace Courier.Core.Jobs.WriteBack;

/// <summary>One sheet (tab) of one spreadsheet: the unit a run batches its writes by.</summary>
public sealed record SheetTarget(string SpreadsheetId, string Sheet)
{
    public override string ToString() => $"{SpreadsheetId}/{Sheet}";
}
