using Courier.Core.Runs;
using Courier.TestUtils.Conformance.Runs;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemoryRunStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryRunStoreConformanceTests : RunStoreConformance
{
    private readonly Dictionary<string, InMemoryRunStore> _stores = new(StringComparer.Ordinal);

    protected override IRunStore CreateStore(string scope)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(scope, out var store)) _stores[scope] = store = new InMemoryRunStore();
            return store;
        }
    }
}
