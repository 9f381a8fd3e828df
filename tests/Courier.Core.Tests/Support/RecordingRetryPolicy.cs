using Courier.Core.Errors;
using Courier.Core.Retry;

namespace Courier.Core.Tests.Support;

/// <summary>A retry policy with a fixed delay that remembers what it was asked, so tests can check the attempt number passed.</summary>
internal sealed class RecordingRetryPolicy(TimeSpan delay) : IRetryPolicy
{
    public List<(DateTimeOffset Now, int Attempt, ProviderError Error)> Calls { get; } = [];

    public DateTimeOffset NextAttemptAt(DateTimeOffset now, int attempt, ProviderError error)
    {
        Calls.Add((now, attempt, error));
        return now + delay;
    }
}
