using Courier.Core.Circuits;

namespace Courier.Core.Metrics;

/// <summary>The running totals of one (site, provider).</summary>
public sealed record ProviderMetrics(CircuitKey Key, long AttemptsTotal, long CompletedTotal, long FailedTotal, long RetryTotal, DateTimeOffset UpdatedAt);
