using Courier.Core.Metrics;
using Courier.TestUtils.Conformance.Metrics;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemoryProviderMetricsStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryProviderMetricsStoreConformanceTests : ProviderMetricsStoreConformance
{
    private readonly Dictionary<string, InMemoryProviderMetricsStore> _stores = new(StringComparer.Ordinal);

    protected override IProviderMetricsStore CreateStore(string scope)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(scope, out var store)) _stores[scope] = store = new InMemoryProviderMetricsStore();
            return store;
        }
    }
}
