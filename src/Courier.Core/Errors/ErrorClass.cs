namespace Courier.Core.Errors;

/// <summary>The one classification every provider client maps its failures to; jobs act on this, never on status codes.</summary>
public enum ErrorClass
{
    /// <summary>Worth retrying with backoff (5xx, timeouts before sending, throttling without a given time).</summary>
    Transient,

    /// <summary>Retrying cannot help (validation, auth, not found): fail now.</summary>
    Permanent,

    /// <summary>The provider asked us to wait; <see cref="ProviderError.RetryAfter"/> says how long.</summary>
    RateLimited,

    /// <summary>The request may have taken effect (timeout after sending): never retried blindly.</summary>
    UnknownOutcome,
}
