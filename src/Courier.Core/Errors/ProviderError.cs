namespace Courier.Core.Errors;

/// <summary>A classified provider failure: what kind it is, the provider's own code and a readable message free of secrets.</summary>
/// <param name="Class">How the job must react.</param>
/// <param name="Code">The provider's error code (for example <c>UNPARSEABLE_GCLID</c>, <c>190</c>, <c>http_503</c>).</param>
/// <param name="Message">A readable reason, safe to log and store.</param>
/// <param name="RetryAfter">For <see cref="ErrorClass.RateLimited"/> (or a transient error carrying one): the wait the provider asked for.</param>
public sealed record ProviderError(ErrorClass Class, string Code, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>
    /// Set by a provider client when the failure is about the account or Courier's setup, not the rows (for example
    /// <c>CREDENTIALS_REJECTED</c>): the job holds the site's circuit with this reason instead of failing its rows.
    /// </summary>
    public string? HoldReason { get; init; }

    /// <summary>For a hold caused by the API version itself: the version refused, so that configuring another one releases the hold.</summary>
    public string? HoldApiVersion { get; init; }

    /// <summary>A one-line form for <c>last_error</c> columns and logs.</summary>
    public override string ToString() => $"{Code}: {Message}";

    public static ProviderError Transient(string code, string message, TimeSpan? retryAfter = null) => new(ErrorClass.Transient, code, message, retryAfter);

    public static ProviderError Permanent(string code, string message) => new(ErrorClass.Permanent, code, message);

    public static ProviderError RateLimited(string code, string message, TimeSpan retryAfter) => new(ErrorClass.RateLimited, code, message, retryAfter);

    public static ProviderError Unknown(string code, string message) => new(ErrorClass.UnknownOutcome, code, message);
}
