using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Meta;

/// <summary>Named log events of the Meta Graph client; none takes a token, a URL with parameters or a post's text.</summary>
internal static partial class MetaLog
{
    [LoggerMessage(EventId = 1400, EventName = "meta_call_completed", Level = LogLevel.Debug, Message = "Meta {Operation} on {ObjectId} done (usage {UsagePercent}%)")]
    public static partial void CallCompleted(ILogger logger, string operation, string objectId, int usagePercent);

    [LoggerMessage(EventId = 1401, EventName = "meta_call_failed", Level = LogLevel.Warning, Message = "Meta {Operation} on {ObjectId} failed: {ErrorClass} {Code} (HTTP {Status}, fbtrace {FbTraceId})")]
    public static partial void CallFailed(ILogger logger, string operation, string objectId, ErrorClass errorClass, string code, int status, string? fbTraceId);
}
