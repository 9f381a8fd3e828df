using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Courier.Core.Scheduling;
using Courier.Storage.Scheduling;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Scheduling;

namespace Courier.Storage.Tests.Scheduling;

/// <summary>The shared timer-lock suite on <see cref="BlobTimerLockStore"/> over Azurite, and its interop with the Functions host's listener lock.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobTimerLockStoreTests(AzuriteFixture azurite) : TimerLockStoreConformance
{
    private const string Timer = "recover-processing";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly string _hostId = "h" + Guid.NewGuid().ToString("N")[..10];

    protected override ITimerLockStore Store { get; } = new BlobTimerLockStore(azurite.CreateBlobServiceClient());

    private string HostLockPath => $"locks/{_hostId}/Host.Functions.{Timer}.Listener";

    [Fact]
    public async Task TryAcquireAsync_HostHoldsTheListenerLease_ReturnsNull()
    {
        var container = await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient());
        var blob = container.GetBlobClient(HostLockPath);
        await blob.UploadAsync(BinaryData.Empty);
        var hostLease = blob.GetBlobLeaseClient();
        await hostLease.AcquireAsync(Lease);

        Assert.Null(await Store.TryAcquireAsync(_hostId, Timer, "courier-1", Lease, default));

        await hostLease.ReleaseAsync();
        Assert.NotNull(await Store.TryAcquireAsync(_hostId, Timer, "courier-1", Lease, default));
    }

    [Fact]
    public async Task TryAcquireAsync_Free_LeasesTheHostsListenerBlobAndNamesTheHolder()
    {
        var held = await Store.TryAcquireAsync(_hostId, Timer, "courier-1", Lease, default);

        Assert.NotNull(held);
        var blob = (await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient())).GetBlobClient(HostLockPath);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal((LeaseState.Leased, 0L), (properties.LeaseState, properties.ContentLength));
        Assert.Equal("courier-1", properties.Metadata["FunctionInstance"]);
        var host = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetBlobLeaseClient().AcquireAsync(Lease));
        Assert.Equal(409, host.Status);
    }
}
