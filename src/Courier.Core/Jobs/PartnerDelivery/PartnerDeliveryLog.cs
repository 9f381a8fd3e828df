using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>Named log events of the partner delivery job; none takes a token or a cell value other than ids.</summary>
internal static partial class PartnerDeliveryLog
{
    [LoggerMessage(EventId = 2100, EventName = "partner_delivery_listed", Level = LogLevel.Information, Message = "Partner delivery found {Pending} pending records in {BaseId} (taking {Taken})")]
    public static partial void Listed(ILogger logger, string baseId, int pending, int taken);

    [LoggerMessage(EventId = 2101, EventName = "partner_delivery_copied", Level = LogLevel.Information, Message = "Record {RecordId} copied: {Created} items made, {Existing} already there")]
    public static partial void Copied(ILogger logger, string recordId, int created, int existing);

    [LoggerMessage(EventId = 2102, EventName = "partner_delivery_rejected", Level = LogLevel.Warning, Message = "Record {RecordId} cannot be delivered: {Reason}")]
    public static partial void Rejected(ILogger logger, string recordId, string reason);

    [LoggerMessage(EventId = 2103, EventName = "partner_delivery_waiting", Level = LogLevel.Warning, Message = "Record {RecordId} waits for a later run: {Reason}")]
    public static partial void Waiting(ILogger logger, string recordId, string reason);

    [LoggerMessage(EventId = 2104, EventName = "partner_delivery_unavailable", Level = LogLevel.Warning, Message = "Partner delivery could not read {BaseId}: {Reason}")]
    public static partial void Unavailable(ILogger logger, string baseId, string reason);

    [LoggerMessage(EventId = 2105, EventName = "partner_delivery_write_back_failed", Level = LogLevel.Warning, Message = "Airtable write-back of {Records} records failed: {Reason}")]
    public static partial void WriteBackFailed(ILogger logger, int records, string reason);
}
