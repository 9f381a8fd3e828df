using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Errors;

namespace Courier.Providers.Airtable;

/// <summary>Maps Airtable answers to Courier's classification (reference: providers.md §1): decided on the status, refined by the error type.</summary>
public static class AirtableErrorClassifier
{
    /// <summary>
    /// 429 → rate-limited after Retry-After or <paramref name="rateLimitWait"/> (the monthly cap: permanent, held); 500/502/503/504
    /// (and 408) → transient; 401 → permanent, credentials rejected; 403 → permanent, permission denied (both held: every record
    /// of the base fails alike); 404, 413, 422 and other 4xx → permanent for the records sent. The code is Airtable's error type
    /// when it gave one, else <c>http_NNN</c>.
    /// </summary>
    public static ProviderError Classify(HttpStatusCode status, string? type, string? message, TimeSpan? retryAfter, TimeSpan rateLimitWait)
    {
        var number = (int)status;
        var code = type ?? $"http_{number}";
        var text = string.IsNullOrWhiteSpace(message) ? $"Airtable answered HTTP {number}." : message;
        return number switch
        {
            429 when type == "PUBLIC_API_BILLING_LIMIT_EXCEEDED" => ProviderError.Permanent(code, text) with { HoldReason = AirtableAccountReasons.BillingLimitExceeded },
            429 => ProviderError.RateLimited(code, text, retryAfter is { } wait && wait > rateLimitWait ? wait : rateLimitWait),
            401 => ProviderError.Permanent(code, text) with { HoldReason = AirtableAccountReasons.CredentialsRejected },
            403 => ProviderError.Permanent(code, text) with { HoldReason = AirtableAccountReasons.PermissionDenied },
            _ => ProviderErrorClassifier.FromStatus(status, retryAfter, code, text),
        };
    }
}
