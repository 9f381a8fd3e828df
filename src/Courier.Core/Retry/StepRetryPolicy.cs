using Courier.Core.Errors;

namespace Courier.Core.Retry;

/// <summary>A fixed ladder of delays (social: 2, 5, 15, 60 minutes); the last step repeats; a provider's Retry-After wins when longer.</summary>
public sealed class StepRetryPolicy(IReadOnlyList<TimeSpan> steps) : IRetryPolicy
{
    public IReadOnlyList<TimeSpan> Steps { get; } = steps.Count > 0 ? steps : throw new ArgumentException("at least one step is required", nameof(steps));

    public DateTimeOffset NextAttemptAt(DateTimeOffset now, int attempt, ProviderError error)
    {
        var step = Steps[Math.Clamp(attempt - 1, 0, Steps.Count - 1)];
        if (error.RetryAfter is { } after && after > step) step = after;
        return now + step;
    }
}
