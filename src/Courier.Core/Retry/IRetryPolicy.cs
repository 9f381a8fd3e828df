using Courier.Core.Errors;

namespace Courier.Core.Retry;

/// <summary>A job's retry rule: when the next attempt may happen after a failed one.</summary>
public interface IRetryPolicy
{
    /// <param name="now">The time of the failure.</param>
    /// <param name="attempt">The number of the attempt that just failed (1 for the first).</param>
    /// <param name="error">The classified failure; a provider's <see cref="ProviderError.RetryAfter"/> wins.</param>
    DateTimeOffset NextAttemptAt(DateTimeOffset now, int attempt, ProviderError error);
}
