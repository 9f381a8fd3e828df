using System.Globalization;
using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Errors;

namespace Courier.Providers.Meta;

/// <summary>Maps Graph errors to Courier's classification by <c>error.code</c>, not by HTTP status (reference: providers.md §5).</summary>
public static class MetaErrorClassifier
{
    /// <summary>Wait for an app, page or BUC throttle when Meta gave no time.</summary>
    public static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromMinutes(5);

    /// <summary>Wait after the Instagram publishing allowance (rolling 24 h) was used up; the job checks again then.</summary>
    public static readonly TimeSpan PublishingLimitWait = TimeSpan.FromHours(1);

    /// <summary>Wait after media_publish of a container that is not ready (9007).</summary>
    public static readonly TimeSpan MediaNotReadyWait = TimeSpan.FromMinutes(1);

    /// <summary>Wait after 368, a temporary block for policy reasons.</summary>
    public static readonly TimeSpan TemporarilyBlockedWait = TimeSpan.FromHours(1);

    /// <summary>Instagram's "publishing limit reached" subcode (on code 9).</summary>
    public const int PublishingLimitSubcode = 2207042;

    /// <summary>
    /// 190, 102, 104 → permanent (hold: token rejected); 3, 10, 200–299 → permanent (hold: permission denied);
    /// 9/2207042 → rate-limited for <see cref="PublishingLimitWait"/>; 9007 → rate-limited for <see cref="MediaNotReadyWait"/>;
    /// 4, 17, 32, 341, 613, 80001–80014 → rate-limited after BUC's regain time, Retry-After or <see cref="DefaultThrottleWait"/>;
    /// 368 → rate-limited for an hour; 1, 2 and <c>is_transient</c> → transient; 100, 506, 1609005 and the rest → permanent
    /// (a 5xx with an unknown code → transient). Without a Graph body, the HTTP status decides. The code is <c>code</c> or
    /// <c>code/subcode</c>.
    /// </summary>
    public static ProviderError Classify(HttpStatusCode status, MetaGraphError? error, TimeSpan? retryAfter, MetaUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (error is null)
        {
            return ProviderErrorClassifier.FromStatus(status, retryAfter, $"http_{(int)status}", $"Meta answered HTTP {(int)status} without a Graph error.");
        }

        var code = error.Subcode is { } sub ? string.Create(CultureInfo.InvariantCulture, $"{error.Code}/{sub}") : error.Code.ToString(CultureInfo.InvariantCulture);
        var message = string.IsNullOrWhiteSpace(error.Message) ? $"Meta refused the call with code {error.Code}." : error.Message;
        var throttleWait = usage.RegainAccessAfter ?? retryAfter ?? DefaultThrottleWait;
        return error.Code switch
        {
            190 or 102 or 104 => ProviderError.Permanent(code, message) with { HoldReason = MetaAccountReasons.TokenRejected },
            3 or 10 or (>= 200 and <= 299) => ProviderError.Permanent(code, message) with { HoldReason = MetaAccountReasons.PermissionDenied },
            9 when error.Subcode == PublishingLimitSubcode => ProviderError.RateLimited(code, message, retryAfter ?? PublishingLimitWait),
            9007 => ProviderError.RateLimited(code, message, MediaNotReadyWait),
            4 or 17 or 32 or 341 or 613 or 9 or (>= 80001 and <= 80014) => ProviderError.RateLimited(code, message, throttleWait),
            368 => ProviderError.RateLimited(code, message, TemporarilyBlockedWait),
            1 or 2 => ProviderError.Transient(code, message, retryAfter),
            _ when error.IsTransient => ProviderError.Transient(code, message, retryAfter),
            100 or 506 or 1609005 => ProviderError.Permanent(code, message),
            _ when (int)status >= 500 => ProviderError.Transient(code, message, retryAfter),
            _ => ProviderError.Permanent(code, message),
        };
    }
}
