using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Airtable;

/// <summary>Named log events of the Airtable client; none takes the token or a cell value.</summary>
internal static partial class AirtableLog
{
    [LoggerMessage(EventId = 1400, EventName = "airtable_call_completed", Level = LogLevel.Debug, Message = "Airtable {Operation} on {BaseId}/{Table} done ({Records} records)")]
    public static partial void CallCompleted(ILogger logger, string operation, string baseId, string table, int records);

    [LoggerMessage(EventId = 1401, EventName = "airtable_call_failed", Level = LogLevel.Warning, Message = "Airtable {Operation} on {BaseId}/{Table} failed: {ErrorClass} {Code} (HTTP {Status})")]
    public static partial void CallFailed(ILogger logger, string operation, string baseId, string table, ErrorClass errorClass, string code, int status);

    [LoggerMessage(EventId = 1402, EventName = "airtable_listing_restarted", Level = LogLevel.Information, Message = "Airtable listing of {BaseId}/{Table} lost its iterator; restarting once")]
    public static partial void ListingRestarted(ILogger logger, string baseId, string table);
}
