using Courier.Core.Errors;

namespace Courier.Core.Retry;

/// <summary>The default policy: exponential backoff with full jitter, capped; a provider's Retry-After wins.</summary>
public sealed class ExponentialJitterRetryPolicy(TimeSpan baseDelay, TimeSpan maxDelay, Random random) : IRetryPolicy
{
    public static ExponentialJitterRetryPolicy Default(Random random) => new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), random);

    public DateTimeOffset NextAttemptAt(DateTimeOffset now, int attempt, ProviderError error)
    {
        if (error.RetryAfter is { } after) return now + after;
        // Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))], with a floor of one second so a retry is never immediate.
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        double fraction;
        lock (random) fraction = random.NextDouble();
        return now + TimeSpan.FromMilliseconds(Math.Max(1000, ceiling * fraction));
    }
}
