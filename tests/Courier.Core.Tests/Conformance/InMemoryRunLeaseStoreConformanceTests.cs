using Courier.Core.Runs;
using Courier.TestUtils.Conformance.Runs;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemoryRunLeaseStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryRunLeaseStoreConformanceTests : RunLeaseStoreConformance
{
    private readonly Dictionary<string, InMemoryRunLeaseStore> _stores = new(StringComparer.Ordinal);

    protected override IRunLeaseStore CreateStore(string scope)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(scope, out var store)) _stores[scope] = store = new InMemoryRunLeaseStore();
            return store;
        }
    }
}
