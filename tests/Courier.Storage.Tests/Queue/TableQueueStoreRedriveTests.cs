using Courier.Core.Queue;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Queue;

namespace Courier.Storage.Tests.Queue;

/// <summary>The shared re-drive conformance suite on <see cref="Storage.Queue.TableQueueStore"/> over Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableQueueStoreRedriveTests(AzuriteFixture azurite) : QueueStoreRedriveConformance
{
    /// <summary>More rounds than the default: the race is between real concurrent requests here.</summary>
    protected override int RaceRounds => 40;

    protected override IQueueStore CreateStore(string scope) => TableStores.Queue(azurite, scope);
}
