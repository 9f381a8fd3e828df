using Azure.Storage.Blobs;
using Courier.Core.Jobs.Artifacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Storage.Artifacts;

/// <summary>Registers the artifacts job's blob adapters over the host's <see cref="BlobServiceClient"/> (from <c>AddCourierStorage</c>), in the containers <see cref="ArtifactsOptions"/> names.</summary>
public static class ArtifactsStorageServiceCollectionExtensions
{
    public static IServiceCollection AddArtifactsStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IMediaSource>(sp => new BlobMediaSource(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value.MediaContainer)));
        services.TryAddSingleton<IArchiveStore>(sp => new BlobArchiveStore(
            sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value.ArtifactsContainer));
        return services;
    }
}
