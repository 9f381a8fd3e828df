namespace Courier.Sandbox.Sheets;

/// <summary>Body of <c>POST /_sandbox/sheets</c>: <c>{"spreadsheetId":"s1","sheets":[{"title":"Requests","header":["id","name"]}]}</c>.</summary>
public sealed record CreateSpreadsheetRequest(string? SpreadsheetId, IReadOnlyList<CreateSheetRequest>? Sheets);

/// <summary>One sheet of <see cref="CreateSpreadsheetRequest"/>; the grid defaults to Google's 1000 rows by 26 columns.</summary>
public sealed record CreateSheetRequest(string? Title, IReadOnlyList<string>? Header, int? RowCount, int? ColumnCount);

/// <summary>Body of <c>POST /_sandbox/sheets/quota</c>.</summary>
public sealed record SheetsQuotaRequest(int? WriteRequestsPerMinutePerUser);
