namespace Courier.Providers.Sheets;

/// <summary>Where an append landed: Google's <c>updates.updatedRange</c> and its first and last row numbers (1-based, as the sheet shows them).</summary>
public sealed record SheetsAppendResult(string UpdatedRange, int FirstRow, int LastRow);
