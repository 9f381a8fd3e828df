using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Courier.Core.Scheduling;

namespace Courier.Storage.Scheduling;

/// <summary>
/// <see cref="ITimerLockStore"/> as a lease on the Functions host's own listener lock blob,
/// <c>azure-webjobs-hosts/locks/{hostId}/Host.Functions.{timer}.Listener</c>, taken the way the host takes it:
/// 409 means held elsewhere (by a Courier instance or by a Functions host), a missing blob is created empty and
/// retried, and the holder is recorded in the blob's <c>FunctionInstance</c> metadata as the host records it.
/// </summary>
public sealed class BlobTimerLockStore(BlobServiceClient service) : ITimerLockStore
{
    /// <summary>The metadata key the host's BlobLeaseDistributedLockManager writes the holder under.</summary>
    internal const string OwnerMetadataKey = "FunctionInstance";

    private readonly BlobContainerClient _container = service.GetBlobContainerClient(WebJobsHostBlobs.Container);

    private static string BlobName(string hostId, string timer) => WebJobsHostBlobs.ListenerLock(hostId, timer);

    public async Task<TimerLock?> TryAcquireAsync(string hostId, string timer, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(hostId, timer));
        var leaseId = Guid.NewGuid().ToString();
        var lease = blob.GetBlobLeaseClient(leaseId);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await lease.AcquireAsync(duration, cancellationToken: cancellationToken).ConfigureAwait(false);
                await WriteOwnerAsync(blob, leaseId, owner, cancellationToken).ConfigureAwait(false);
                return new TimerLock(hostId, timer, owner, leaseId, duration);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                await CreateBlobAsync(blob, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    public async Task<bool> RenewAsync(TimerLock held, CancellationToken cancellationToken)
    {
        var lease = _container.GetBlobClient(BlobName(held.HostId, held.Timer)).GetBlobLeaseClient(held.LeaseId);
        try
        {
            await lease.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // Taken over by another lease, or the blob is gone: the lock is lost, not in doubt.
            return false;
        }
    }

    public async Task ReleaseAsync(TimerLock held, CancellationToken cancellationToken)
    {
        var lease = _container.GetBlobClient(BlobName(held.HostId, held.Timer)).GetBlobLeaseClient(held.LeaseId);
        try
        {
            await lease.ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // Already lost or gone: nothing to give back.
        }
    }

    private async Task CreateBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance created it first.
        }
    }

    /// <summary>Records who holds the lock, for operators looking at the blob; a failure here does not give the lock up.</summary>
    private static async Task WriteOwnerAsync(BlobClient blob, string leaseId, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await blob.SetMetadataAsync(new Dictionary<string, string> { [OwnerMetadataKey] = Sanitize(owner) }, new BlobRequestConditions { LeaseId = leaseId }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
        }
    }

    private static string Sanitize(string owner) => new(owner.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
