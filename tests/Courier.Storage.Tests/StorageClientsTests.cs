using Azure.Storage.Blobs;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests;

/// <summary>Client construction from connection strings and account names.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StorageClientsTests(AzuriteFixture azurite)
{
    [Fact]
    public void BlobOptions_Always_PinsTheVersionAzuriteAccepts()
    {
        Assert.Equal(BlobClientOptions.ServiceVersion.V2026_06_06, StorageClients.BlobOptions().Version);
    }

    [Fact]
    public async Task CreateBlobServiceClient_ConnectionString_UploadsAndReadsBack()
    {
        var container = StorageClients.CreateBlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AzuriteFixture.NewTablePrefix().ToLowerInvariant());
        await container.CreateIfNotExistsAsync();

        await container.GetBlobClient("a/b.txt").UploadAsync(BinaryData.FromString("hello"));
        var read = await container.GetBlobClient("a/b.txt").DownloadContentAsync();

        Assert.Equal("hello", read.Value.Content.ToString());
    }

    [Fact]
    public void CreateTableServiceClient_AccountName_UsesTheAccountsEndpoint()
    {
        var options = new StorageOptions { AccountName = "courierprod" };

        var tables = StorageClients.CreateTableServiceClient(options, new Azure.Identity.DefaultAzureCredential());
        var blobs = StorageClients.CreateBlobServiceClient(options, new Azure.Identity.DefaultAzureCredential());

        Assert.Equal(new Uri("https://courierprod.table.core.windows.net/"), tables.Uri);
        Assert.Equal(new Uri("https://courierprod.blob.core.windows.net/"), blobs.Uri);
    }
}
