using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Errors;

namespace Courier.Providers.GoogleAds;

/// <summary>Maps Google Ads error codes to Courier's classification, per row and for whole requests (reference: providers.md §4).</summary>
public static class GoogleAdsErrorClassifier
{
    /// <summary>Google's advice for TOO_RECENT_* errors: the click or action is not yet visible to uploads.</summary>
    public static readonly TimeSpan TooRecentRetryAfter = TimeSpan.FromHours(6);

    /// <summary>
    /// Codes Google means as "try again": internal and quota errors, a concurrent change of the same resource (409 ABORTED),
    /// and ERROR_CODE_NOT_PUBLISHED left without its details.unpublishedErrorCode (the wire reader substitutes that code when
    /// present). An unnamed code is retried rather than failing a sale on a guess; the job's attempt limit still ends it.
    /// </summary>
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "INTERNAL_ERROR", "TRANSIENT_ERROR", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "RESOURCE_TEMPORARILY_EXHAUSTED",
        "CONCURRENT_MODIFICATION", "ERROR_CODE_NOT_PUBLISHED",
    };

    private static readonly HashSet<string> TransientStatuses = new(StringComparer.Ordinal) { "INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED" };

    /// <summary>True for the codes that name a duplicate of another row of the same request (the caller decides by looking at that row).</summary>
    public static bool IsDuplicateInRequest(string code) => code is "DUPLICATE_ORDER_ID" or "DUPLICATE_CLICK_CONVERSION_IN_REQUEST";

    /// <summary>
    /// *_ALREADY_* (ORDER_ID_ALREADY_IN_USE, CLICK_CONVERSION_ALREADY_EXISTS) means Google has the conversion: already uploaded.
    /// TOO_RECENT_* (CONVERSION_ACTION, EVENT, and the older CLICK) waits 6 h. Internal and quota codes are transient.
    /// Everything else (UNPARSEABLE_*, EXPIRED_*, *_NOT_FOUND, …) is permanent.
    /// </summary>
    public static ConversionRowOutcome ClassifyRow(int index, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Contains("_ALREADY_", StringComparison.Ordinal))
        {
            return new(index, ConversionRowStatus.AlreadyUploaded, ProviderError.Permanent(code, message));
        }

        if (code.StartsWith("TOO_RECENT_", StringComparison.Ordinal))
        {
            return new(index, ConversionRowStatus.Rejected, ProviderError.RateLimited(code, message, TooRecentRetryAfter));
        }

        return TransientCodes.Contains(code)
            ? new(index, ConversionRowStatus.Rejected, ProviderError.Transient(code, message))
            : new(index, ConversionRowStatus.Rejected, ProviderError.Permanent(code, message));
    }

    /// <summary>
    /// A whole-request failure: quota (429, RESOURCE_EXHAUSTED) is rate-limited when a delay was given, else transient;
    /// internal errors, 409 ABORTED (CONCURRENT_MODIFICATION) and 5xx are transient; authentication, authorization and other
    /// 4xx are permanent. A 404 without a Google code is NOT_FOUND: for this fixed route it means the version is gone.
    /// Use <see cref="GoogleAdsAccountReasons.Of"/> to learn whether a permanent failure is about the account, not the rows.
    /// </summary>
    /// <param name="codes">The GoogleAdsFailure error codes, first one first (may be empty).</param>
    /// <param name="googleStatus">The <c>error.status</c> string, for example UNAVAILABLE.</param>
    public static ProviderError ClassifyRequest(HttpStatusCode status, string? googleStatus, IReadOnlyList<string> codes, string message, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var code = codes.Count > 0 ? codes[0] : googleStatus ?? (status == HttpStatusCode.NotFound ? "NOT_FOUND" : $"http_{(int)status}");
        var quota = status == HttpStatusCode.TooManyRequests || googleStatus == "RESOURCE_EXHAUSTED"
            || codes.Any(c => c is "RESOURCE_EXHAUSTED" or "RESOURCE_TEMPORARILY_EXHAUSTED");
        if (quota)
        {
            return retryAfter is { } wait ? ProviderError.RateLimited(code, message, wait) : ProviderError.Transient(code, message);
        }

        var transient = (int)status >= 500 || status == HttpStatusCode.Conflict || (googleStatus is not null && TransientStatuses.Contains(googleStatus)) || codes.Any(TransientCodes.Contains);
        if (transient)
        {
            return ProviderError.Transient(code, message, retryAfter);
        }

        return (int)status is >= 400 and < 500 && status != HttpStatusCode.RequestTimeout
            ? ProviderError.Permanent(code, message)
            : ProviderErrorClassifier.FromStatus(status, retryAfter, code, message);
    }
}
