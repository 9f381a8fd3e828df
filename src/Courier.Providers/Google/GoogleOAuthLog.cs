using Microsoft.Extensions.Logging;

namespace Courier.Providers.Google;

/// <summary>Named log events of <see cref="GoogleOAuthTokenSource"/>; none takes a token or secret.</summary>
internal static partial class GoogleOAuthLog
{
    [LoggerMessage(EventId = 1100, EventName = "google_oauth_token_refreshed", Level = LogLevel.Debug, Message = "Google access token refreshed; valid for {Lifetime}")]
    public static partial void TokenRefreshed(ILogger logger, TimeSpan lifetime);

    [LoggerMessage(EventId = 1101, EventName = "google_oauth_token_failed", Level = LogLevel.Warning, Message = "Google token refresh failed: {ErrorClass} {Code}")]
    public static partial void TokenFailed(ILogger logger, Courier.Core.Errors.ErrorClass errorClass, string code);

    [LoggerMessage(EventId = 1102, EventName = "google_oauth_token_invalidated", Level = LogLevel.Information, Message = "Cached Google access token dropped after the API refused it")]
    public static partial void TokenInvalidated(ILogger logger);
}
