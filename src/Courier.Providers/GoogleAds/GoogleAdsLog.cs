using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Providers.GoogleAds;

/// <summary>Named log events of the Google Ads client; none takes a token, secret or click id.</summary>
internal static partial class GoogleAdsLog
{
    [LoggerMessage(EventId = 1200, EventName = "google_ads_upload_started", Level = LogLevel.Debug, Message = "Uploading {Rows} click conversions for customer {CustomerId} ({ApiVersion})")]
    public static partial void UploadStarted(ILogger logger, int rows, string customerId, string apiVersion);

    [LoggerMessage(EventId = 1201, EventName = "google_ads_upload_completed", Level = LogLevel.Information, Message = "Google Ads upload for customer {CustomerId}: {Accepted} accepted, {AlreadyUploaded} already uploaded, {Rejected} rejected (request {RequestId})")]
    public static partial void UploadCompleted(ILogger logger, string customerId, int accepted, int alreadyUploaded, int rejected, string? requestId);

    [LoggerMessage(EventId = 1202, EventName = "google_ads_upload_failed", Level = LogLevel.Warning, Message = "Google Ads upload for customer {CustomerId} failed: {ErrorClass} {Code} (HTTP {Status})")]
    public static partial void UploadFailed(ILogger logger, string customerId, ErrorClass errorClass, string code, int status);

    [LoggerMessage(EventId = 1203, EventName = "google_ads_token_refused", Level = LogLevel.Information, Message = "Google Ads refused the access token for customer {CustomerId} ({Code}); refreshing once")]
    public static partial void TokenRefused(ILogger logger, string customerId, string code);
}
