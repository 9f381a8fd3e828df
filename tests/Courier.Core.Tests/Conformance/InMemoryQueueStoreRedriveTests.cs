using Courier.Core.Queue;
using Courier.TestUtils.Conformance.Queue;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared re-drive conformance suite on <see cref="InMemoryQueueStore"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryQueueStoreRedriveTests : QueueStoreRedriveConformance
{
    private readonly Dictionary<string, InMemoryQueueStore> _stores = new(StringComparer.Ordinal);

    protected override IQueueStore CreateStore(string scope)
    {
        lock (_stores)
        {
            if (!_stores.TryGetValue(scope, out var store)) _stores[scope] = store = new InMemoryQueueStore();
            return store;
        }
    }
}
