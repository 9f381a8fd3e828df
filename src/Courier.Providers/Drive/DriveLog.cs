using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.Drive;

/// <summary>Named log events of the Drive client and its token source; none takes a key, token or assertion.</summary>
internal static partial class DriveLog
{
    [LoggerMessage(EventId = 1500, EventName = "drive_call_completed", Level = LogLevel.Debug, Message = "Drive {Operation} of {FileId} done")]
    public static partial void CallCompleted(ILogger logger, string operation, string fileId);

    [LoggerMessage(EventId = 1501, EventName = "drive_call_failed", Level = LogLevel.Warning, Message = "Drive {Operation} of {FileId} failed: {ErrorClass} {Code} (HTTP {Status})")]
    public static partial void CallFailed(ILogger logger, string operation, string fileId, ErrorClass errorClass, string code, int status);

    [LoggerMessage(EventId = 1502, EventName = "drive_token_refused", Level = LogLevel.Information, Message = "Drive refused the access token on {Operation}; fetching a new one once")]
    public static partial void TokenRefused(ILogger logger, string operation);

    [LoggerMessage(EventId = 1503, EventName = "drive_token_fetched", Level = LogLevel.Debug, Message = "Google access token for {Principal} (Drive) fetched; valid for {Lifetime}")]
    public static partial void TokenFetched(ILogger logger, string principal, TimeSpan lifetime);

    [LoggerMessage(EventId = 1504, EventName = "drive_token_failed", Level = LogLevel.Warning, Message = "Google access token for {Principal} (Drive) failed: {ErrorClass} {Code}")]
    public static partial void TokenFailed(ILogger logger, string principal, ErrorClass errorClass, string code);
}
