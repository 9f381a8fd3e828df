using Courier.Core.Circuits;
using Courier.Core.Metrics;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>An <see cref="InMemoryProviderMetricsStore"/> that also remembers each write, so "once per run" can be checked.</summary>
internal sealed class CountingMetricsStore : IProviderMetricsStore
{
    private readonly InMemoryProviderMetricsStore _inner = new();

    public List<(CircuitKey Key, ProviderMetricsDelta Delta)> Writes { get; } = [];

    public Task AddAsync(CircuitKey key, ProviderMetricsDelta delta, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Writes.Add((key, delta));
        return _inner.AddAsync(key, delta, now, cancellationToken);
    }

    public Task<ProviderMetrics?> GetAsync(CircuitKey key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);
}
