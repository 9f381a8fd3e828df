using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Courier.Core.Jobs.Artifacts;

namespace Courier.Storage.Artifacts;

/// <summary>
/// <see cref="IMediaSource"/> over a blob container: a flat listing by prefix (5,000 names a page), folder markers (zero-length
/// blobs with <c>hdi_isfolder=true</c>, as Data Lake and Storage Explorer create them) left out, and reads of the listed
/// version only (If-Match on its ETag), each as one streamed download: nothing of a file is held beyond what the reader asks for.
/// </summary>
public sealed class BlobMediaSource(BlobContainerClient container) : IMediaSource
{
    public async IAsyncEnumerable<MediaFile> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in ListAllAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (IsFolderMarker(blob)) continue;
            yield return new MediaFile(blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.ETag?.ToString() ?? "", blob.Properties.LastModified ?? DateTimeOffset.UnixEpoch);
        }
    }

    public async Task<bool> AnyAsync(string prefix, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                if (page.Values.Count > 0) return true;
            }

            // An empty folder exists only as its marker blob, named like the folder without the '/'.
            var marker = prefix.TrimEnd('/');
            if (marker.Length == 0 || marker == prefix) return false;
            var properties = await container.GetBlobClient(marker).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.Metadata.TryGetValue("hdi_isfolder", out var folder) && string.Equals(folder, "true", StringComparison.OrdinalIgnoreCase);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false; // no media container yet, or no marker: no such folder
        }
        catch (RequestFailedException ex)
        {
            throw StorageErrors.Classify(ex, $"listing media under '{prefix}'");
        }
    }

    public async Task<Stream> OpenReadAsync(MediaFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var blob = container.GetBlobClient(file.Name);
        try
        {
            // One streamed GET of the listed version; the SDK resumes it from where it broke on a transient failure (still If-Match).
            var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = new ETag(file.ETag) },
            }, cancellationToken).ConfigureAwait(false);
            var stream = download.Value.Content;
            return new ClassifyingReadStream(stream, file.Name);
        }
        catch (RequestFailedException ex) when (StorageErrors.IsChanged(ex))
        {
            throw StorageErrors.Changed(ex, file.Name);
        }
        catch (RequestFailedException ex)
        {
            throw StorageErrors.Classify(ex, $"reading media '{file.Name}'");
        }
    }

    private async IAsyncEnumerable<BlobItem> ListAllAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken).AsPages(pageSizeHint: 5000);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            Page<BlobItem> page;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) yield break;
                page = enumerator.Current;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                yield break; // no media container: nothing to list
            }
            catch (RequestFailedException ex)
            {
                throw StorageErrors.Classify(ex, $"listing media under '{prefix}'");
            }

            foreach (var blob in page.Values) yield return blob;
        }
    }

    private static bool IsFolderMarker(BlobItem blob) =>
        blob.Metadata is { } metadata && metadata.TryGetValue("hdi_isfolder", out var folder) && string.Equals(folder, "true", StringComparison.OrdinalIgnoreCase);
}
