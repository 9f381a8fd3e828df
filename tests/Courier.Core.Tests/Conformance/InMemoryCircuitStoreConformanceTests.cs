using Courier.Core.Circuits;
using Courier.TestUtils.Conformance.Circuits;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemoryCircuitStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryCircuitStoreConformanceTests : CircuitStoreConformance
{
    private readonly Dictionary<string, InMemoryCircuitStore> _stores = new(StringComparer.Ordinal);

    protected override ICircuitStore CreateStore(string scope)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(scope, out var store)) _stores[scope] = store = new InMemoryCircuitStore();
            return store;
        }
    }
}
