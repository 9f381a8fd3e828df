using System.Net;
using System.Net.Http.Headers;
using Courier.Core.Errors;
using Polly.Timeout;

namespace Courier.Providers.Errors;

/// <summary>The HTTP-level classification every provider client starts from: status codes, Retry-After, and transport failures.</summary>
public static class ProviderErrorClassifier
{
    /// <summary>Reads Retry-After (seconds or an HTTP date, measured against <paramref name="time"/>); null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(time);
        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }

    /// <summary>
    /// 429 is rate-limited when the provider said how long to wait, else transient; 408 and 5xx are transient;
    /// every other status is permanent (validation, auth, not found: retrying cannot help).
    /// </summary>
    public static ProviderError FromStatus(HttpStatusCode status, TimeSpan? retryAfter, string? code = null, string? message = null)
    {
        var number = (int)status;
        code ??= $"http_{number}";
        message ??= $"The provider answered HTTP {number} ({status}).";
        return number switch
        {
            429 when retryAfter is { } wait => ProviderError.RateLimited(code, message, wait),
            429 or 408 or >= 500 => ProviderError.Transient(code, message, retryAfter),
            _ => ProviderError.Permanent(code, message),
        };
    }

    /// <summary><see cref="FromStatus"/> for a response, reading its Retry-After header.</summary>
    public static ProviderError FromResponse(HttpResponseMessage response, TimeProvider time, string? code = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return FromStatus(response.StatusCode, RetryAfter(response.Headers, time), code, message);
    }

    /// <summary>True when the failure happened before the request reached the server (connect, DNS, TLS), so nothing can have taken effect.</summary>
    public static bool NeverSent(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    /// <summary>
    /// Classifies a transport failure (no response). A failure before sending is always transient. After sending, the request may
    /// have taken effect: <paramref name="resendIsSafe"/> says whether the provider dedupes a resend (then transient) or not
    /// (then unknown outcome, never retried blindly).
    /// </summary>
    public static ProviderError FromTransportFailure(Exception exception, bool resendIsSafe)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (NeverSent(exception))
        {
            return ProviderError.Transient("connection_failed", "Could not connect to the provider; the request was not sent.");
        }

        var (code, message) = exception is TimeoutRejectedException or TimeoutException or TaskCanceledException
            ? ("timeout", "The provider did not answer in time.")
            : ("connection_lost", $"The connection failed after the request was sent ({exception.GetType().Name}).");
        return resendIsSafe ? ProviderError.Transient(code, message) : ProviderError.Unknown(code, message);
    }
}
