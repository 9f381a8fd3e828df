namespace Courier.Providers.Http;

/// <summary>Timeouts and the small retry shared by every provider HttpClient (section <c>ProviderHttp</c>).</summary>
public sealed class ProviderHttpOptions
{
    public const string SectionName = "ProviderHttp";

    /// <summary>Limit of one attempt; a provider's own Timeout setting overrides it for that provider.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit of a call including its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of idempotent-safe failures only; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A Retry-After longer than this is not waited out in-process: the failure goes back to the job, which reschedules.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
