using Courier.Core.Queue;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Queue;

namespace Courier.Storage.Tests.Queue;

/// <summary>The shared claim conformance suite on <see cref="Storage.Queue.TableQueueStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableQueueStoreClaimTests(AzuriteFixture azurite) : QueueStoreClaimConformance
{
    protected override IQueueStore CreateStore(string scope) => TableStores.Queue(azurite, scope);
}
