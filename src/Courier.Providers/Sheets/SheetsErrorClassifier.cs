using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Errors;

namespace Courier.Providers.Sheets;

/// <summary>Maps Sheets v4 answers to Courier's classification (reference: providers.md §3), with a hold reason for account-level refusals.</summary>
public static class SheetsErrorClassifier
{
    /// <summary>The wait for a 429 without Retry-After: Sheets quotas are per minute and refill each minute.</summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(60);

    /// <summary>Reasons some Google front ends put on a 403 for a quota, where Sheets itself answers 429.</summary>
    private static readonly HashSet<string> QuotaReasons = new(StringComparer.Ordinal)
    {
        "RATE_LIMIT_EXCEEDED", "rateLimitExceeded", "userRateLimitExceeded", "RESOURCE_EXHAUSTED",
    };

    /// <summary>
    /// 429 (or a quota 403) → rate-limited, after Retry-After or <see cref="DefaultRateLimitWait"/>; 408 and 5xx → transient;
    /// 403 PERMISSION_DENIED and 404 → permanent with a hold reason (the spreadsheet, not the rows); 401 (after the client's
    /// one refresh) → permanent, credentials rejected; any other 4xx (400 "Unable to parse range", 413) → permanent.
    /// The code is Google's <c>error.status</c> when it gave one, else <c>http_NNN</c>.
    /// </summary>
    public static ProviderError Classify(HttpStatusCode status, string? googleStatus, string? reason, string? message, TimeSpan? retryAfter)
    {
        var number = (int)status;
        var code = googleStatus ?? $"http_{number}";
        var text = string.IsNullOrWhiteSpace(message) ? $"Google Sheets answered HTTP {number}." : message;
        var quota = status == HttpStatusCode.TooManyRequests || googleStatus == "RESOURCE_EXHAUSTED" || (reason is not null && QuotaReasons.Contains(reason));
        if (quota)
        {
            return ProviderError.RateLimited(code, text, retryAfter ?? DefaultRateLimitWait);
        }

        return status switch
        {
            HttpStatusCode.Unauthorized => ProviderError.Permanent(code, text) with { HoldReason = SheetsAccountReasons.CredentialsRejected },
            HttpStatusCode.Forbidden => ProviderError.Permanent(code, text) with { HoldReason = SheetsAccountReasons.PermissionDenied },
            HttpStatusCode.NotFound => ProviderError.Permanent(code, text) with { HoldReason = SheetsAccountReasons.SpreadsheetNotFound },
            _ => ProviderErrorClassifier.FromStatus(status, retryAfter, code, text),
        };
    }
}
