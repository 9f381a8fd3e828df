using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Courier.Core.Scheduling;

namespace Courier.Storage.Scheduling;

/// <summary>
/// <see cref="IScheduleMonitor"/> on the Functions host's own status blob,
/// <c>azure-webjobs-hosts/timers/{hostId}/Host.Functions.{timer}/status</c>, in the host's JSON
/// (<see cref="WebJobsScheduleStatusJson"/>), so a standalone scheduler and a Functions deployment on one account
/// share one schedule. Writes are conditional on the blob's ETag (If-None-Match: * to create, If-Match to replace),
/// so of two instances claiming one occurrence only one succeeds; the host itself overwrites unconditionally, which
/// makes a standalone writer's next write lose its race and re-read.
/// </summary>
public sealed class BlobScheduleMonitor(BlobServiceClient service) : IScheduleMonitor
{
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(WebJobsHostBlobs.Container);

    public async Task<ScheduleStatus?> GetAsync(string hostId, string timer, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(WebJobsHostBlobs.ScheduleStatus(hostId, timer));
        try
        {
            var downloaded = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return WebJobsScheduleStatusJson.Read(downloaded.Content.ToMemory()) with { Version = downloaded.Details.ETag.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> TryWriteAsync(string hostId, string timer, ScheduleStatus status, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(WebJobsHostBlobs.ScheduleStatus(hostId, timer));
        var options = new BlobUploadOptions
        {
            Conditions = status.Version is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(status.Version) },
        };
        var content = BinaryData.FromBytes(WebJobsScheduleStatusJson.Write(status));
        try
        {
            await UploadAsync(blob, content, options, status.Version is null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // Created by another writer first, changed since it was read, or gone: the race is lost.
            return false;
        }
    }

    private async Task UploadAsync(BlobClient blob, BinaryData content, BlobUploadOptions options, bool creating, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (creating && ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // A fresh account: the host creates its container on first use, and so does Courier.
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        }
    }
}
