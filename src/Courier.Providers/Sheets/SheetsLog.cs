using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Sheets;

/// <summary>Named log events of the Sheets client and its token source; none takes a key, token, assertion or cell value.</summary>
internal static partial class SheetsLog
{
    [LoggerMessage(EventId = 1300, EventName = "sheets_call_completed", Level = LogLevel.Debug, Message = "Sheets {Operation} on spreadsheet {SpreadsheetId} done ({Ranges} ranges)")]
    public static partial void CallCompleted(ILogger logger, string operation, string spreadsheetId, int ranges);

    [LoggerMessage(EventId = 1301, EventName = "sheets_call_failed", Level = LogLevel.Warning, Message = "Sheets {Operation} on spreadsheet {SpreadsheetId} failed: {ErrorClass} {Code} (HTTP {Status})")]
    public static partial void CallFailed(ILogger logger, string operation, string spreadsheetId, ErrorClass errorClass, string code, int status);

    [LoggerMessage(EventId = 1302, EventName = "sheets_token_refused", Level = LogLevel.Information, Message = "Sheets refused the access token on spreadsheet {SpreadsheetId}; fetching a new one once")]
    public static partial void TokenRefused(ILogger logger, string spreadsheetId);

    [LoggerMessage(EventId = 1303, EventName = "sheets_token_fetched", Level = LogLevel.Debug, Message = "Google access token for {Principal} fetched; valid for {Lifetime}")]
    public static partial void TokenFetched(ILogger logger, string principal, TimeSpan lifetime);

    [LoggerMessage(EventId = 1304, EventName = "sheets_token_failed", Level = LogLevel.Warning, Message = "Google access token for {Principal} failed: {ErrorClass} {Code}")]
    public static partial void TokenFailed(ILogger logger, string principal, ErrorClass errorClass, string code);
}
