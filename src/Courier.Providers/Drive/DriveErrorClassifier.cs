using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Errors;

namespace Courier.Providers.Drive;

/// <summary>Maps Drive v3 answers to Courier's classification (reference: providers.md §2), by status and <c>errors[0].reason</c>.</summary>
public static class DriveErrorClassifier
{
    private static readonly HashSet<string> RateReasons = new(StringComparer.Ordinal)
    {
        "userRateLimitExceeded", "rateLimitExceeded", "sharingRateLimitExceeded",
    };

    private static readonly HashSet<string> AccountReasons = new(StringComparer.Ordinal)
    {
        "insufficientPermissions", "accessNotConfigured", "dailyLimitExceeded",
    };

    /// <summary>
    /// Rate reasons (403 or 429), 429, 408 and 5xx → transient (Drive asks for exponential backoff; a Retry-After is kept);
    /// 401 (after one refresh) → permanent, credentials rejected; 403 insufficientPermissions/accessNotConfigured → permanent,
    /// held; every other 403 (insufficientFilePermissions, cannotCopyFile, storageQuotaExceeded, teamDriveFileLimitExceeded),
    /// 400 and 404 notFound → permanent for the item. The code is the reason when Drive gave one, else <c>http_NNN</c>.
    /// </summary>
    public static ProviderError Classify(HttpStatusCode status, string? reason, string? message, TimeSpan? retryAfter)
    {
        var number = (int)status;
        var code = reason ?? $"http_{number}";
        var text = string.IsNullOrWhiteSpace(message) ? $"Google Drive answered HTTP {number}." : message;
        if (number == 429 || (reason is not null && RateReasons.Contains(reason)))
        {
            return ProviderError.Transient(code, text, retryAfter);
        }

        return number switch
        {
            401 => ProviderError.Permanent(code, text) with { HoldReason = DriveAccountReasons.CredentialsRejected },
            403 when reason is not null && AccountReasons.Contains(reason) => ProviderError.Permanent(code, text) with { HoldReason = DriveAccountReasons.PermissionDenied },
            _ => ProviderErrorClassifier.FromStatus(status, retryAfter, code, text),
        };
    }
}
