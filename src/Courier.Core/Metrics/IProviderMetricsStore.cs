using Courier.Core.Circuits;

namespace Courier.Core.Metrics;

/// <summary>Port: per-(site, provider) counters, added to once per run with a conditional read-modify-write.</summary>
public interface IProviderMetricsStore
{
    Task AddAsync(CircuitKey key, ProviderMetricsDelta delta, DateTimeOffset now, CancellationToken cancellationToken);

    Task<ProviderMetrics?> GetAsync(CircuitKey key, CancellationToken cancellationToken);
}
