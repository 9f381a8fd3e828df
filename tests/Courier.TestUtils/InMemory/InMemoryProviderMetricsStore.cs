using Courier.Core.Circuits;
using Courier.Core.Metrics;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="IProviderMetricsStore"/>.</summary>
public sealed class InMemoryProviderMetricsStore : IProviderMetricsStore
{
    private readonly object _gate = new();
    private readonly Dictionary<CircuitKey, ProviderMetrics> _rows = new();

    public Task AddAsync(CircuitKey key, ProviderMetricsDelta delta, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var m = _rows.GetValueOrDefault(key) ?? new ProviderMetrics(key, 0, 0, 0, 0, now);
            _rows[key] = m with
            {
                AttemptsTotal = m.AttemptsTotal + delta.Attempts,
                CompletedTotal = m.CompletedTotal + delta.Completed,
                FailedTotal = m.FailedTotal + delta.Failed,
                RetryTotal = m.RetryTotal + delta.Retry,
                UpdatedAt = now,
            };
        }

        return Task.CompletedTask;
    }

    public Task<ProviderMetrics?> GetAsync(CircuitKey key, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_rows.GetValueOrDefault(key));
    }
}
