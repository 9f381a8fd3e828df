using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Courier.Core.Jobs.Artifacts;

namespace Courier.Storage.Artifacts;

/// <summary>
/// <see cref="IArchiveStore"/> over a blob container: archives are staged as blocks and committed in one Put Block List at
/// the end (never visible before), and handed out as read-only SAS URLs: signed with the account key when the client has
/// one (a connection string, Azurite), else with a user-delegation key under the app's managed identity.
/// </summary>
public sealed class BlobArchiveStore(BlobServiceClient service, string containerName) : IArchiveStore
{
    /// <summary>The block size of archive uploads: the most an upload holds in memory; 50,000 blocks make archives up to about 195 GiB.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container = service.GetBlobContainerClient(containerName);
    private volatile bool _containerExists;

    public async Task<IArchiveUpload> BeginAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            if (!_containerExists)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _containerExists = true;
            }
        }
        catch (RequestFailedException ex)
        {
            throw StorageErrors.Classify(ex, $"creating container '{_container.Name}'");
        }

        return new BlockBlobArchiveUpload(_container.GetBlockBlobClient(name), BlockSize);
    }

    public async Task<Uri> GetReadUrlAsync(string name, string downloadName, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var blob = _container.GetBlobClient(name);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = name,
            Resource = "b",
            ContentType = "application/zip",
            ContentDisposition = $"attachment; filename=\"{downloadName.Replace("\"", "", StringComparison.Ordinal)}\"",
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);

        // Under a managed identity there is no account key: sign with a user-delegation key valid as long as the URL.
        try
        {
            var key = await service.GetUserDelegationKeyAsync(null, expiresOn, cancellationToken).ConfigureAwait(false);
            return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
        }
        catch (RequestFailedException ex)
        {
            throw StorageErrors.Classify(ex, "getting a user delegation key");
        }
    }
}
