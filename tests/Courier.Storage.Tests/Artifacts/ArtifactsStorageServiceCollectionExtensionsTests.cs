using Courier.Core.Jobs.Artifacts;
using Courier.Storage.Artifacts;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Storage.Tests.Artifacts;

/// <summary>AddArtifactsStorage: the blob adapters over the host's BlobServiceClient, in the containers the options name.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ArtifactsStorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddArtifactsStorage_ConfiguredContainers_AdaptersUseThem()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>(azurite.StorageSettings(AzuriteFixture.NewTablePrefix()))
        {
            ["Artifacts:MediaContainer"] = "m" + suffix,
            ["Artifacts:ArtifactsContainer"] = "z" + suffix,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddCourierStorage(configuration);
        services.AddOptions<ArtifactsOptions>().Bind(configuration.GetSection(ArtifactsOptions.SectionName));
        using var provider = services.AddArtifactsStorage().BuildServiceProvider();
        var blobs = azurite.CreateBlobServiceClient();
        await blobs.GetBlobContainerClient("m" + suffix).CreateIfNotExistsAsync();
        await blobs.GetBlobContainerClient("m" + suffix).GetBlobClient("p/a.txt").UploadAsync(BinaryData.FromString("a"), overwrite: true);

        var media = Assert.IsType<BlobMediaSource>(provider.GetRequiredService<IMediaSource>());
        var archives = Assert.IsType<BlobArchiveStore>(provider.GetRequiredService<IArchiveStore>());
        await using (var upload = await archives.BeginAsync("x/y.zip", default))
        {
            await upload.Stream.WriteAsync(new byte[] { 1 });
            await upload.CommitAsync(default);
        }

        Assert.True(await media.AnyAsync("p/", default));
        Assert.True(await blobs.GetBlobContainerClient("z" + suffix).GetBlobClient("x/y.zip").ExistsAsync());
    }
}
