using Courier.Core.Scheduling;
using Courier.Storage.Scheduling;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Scheduling;

namespace Courier.Storage.Tests.Scheduling;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobTimerLockStoreTests(AzuriteFixture azurite) : TimerLockStoreConformance
{
    protected override ITimerLockStore Store { get; } = new BlobTimerLockStore(azurite.CreateBlobServiceClient());

    [Fact]
    public void BlobName_IsUnderLocksHostTimer() => Assert.Equal("locks/courier/recover-processing", BlobTimerLockStore.BlobName("courier", "recover-processing"));
}
