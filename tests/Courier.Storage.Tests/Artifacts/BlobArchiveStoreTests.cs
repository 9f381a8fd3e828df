using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Courier.Core.Errors;
using Courier.Storage.Artifacts;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.Artifacts;

/// <summary><see cref="BlobArchiveStore"/> on Azurite: nothing visible before the commit, nothing at all without one, never an overwrite, and read SAS URLs Azurite honours.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobArchiveStoreTests(AzuriteFixture azurite)
{
    private readonly BlobServiceClient _service = azurite.CreateBlobServiceClient();
    private readonly string _container = "z" + Guid.NewGuid().ToString("N")[..12];

    private BlobArchiveStore Store => new(_service, _container);

    private BlobContainerClient Container => _service.GetBlobContainerClient(_container);

    [Fact]
    public async Task Commit_ManyBlocks_BlobAppearsOnlyAtTheCommitWithEveryByte()
    {
        var content = new byte[BlobArchiveStore.BlockSize * 2 + 12345];
        new Random(1).NextBytes(content);
        await using var upload = await Store.BeginAsync("a1/t1.zip", default);
        // Uneven writes across block boundaries.
        for (var at = 0; at < content.Length; at += 1_000_003) await upload.Stream.WriteAsync(content.AsMemory(at, Math.Min(1_000_003, content.Length - at)));

        Assert.False(await Container.GetBlobClient("a1/t1.zip").ExistsAsync());
        var size = await upload.CommitAsync(default);

        Assert.Equal(content.Length, size);
        var blob = Container.GetBlobClient("a1/t1.zip");
        var properties = await blob.GetPropertiesAsync();
        Assert.Equal(("application/zip", (long)content.Length), (properties.Value.ContentType, properties.Value.ContentLength));
        Assert.Equal(content, (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task Dispose_WithoutCommit_LeavesNoVisibleBlob()
    {
        await using (var upload = await Store.BeginAsync("a2/t1.zip", default))
        {
            await upload.Stream.WriteAsync(new byte[BlobArchiveStore.BlockSize + 10]);
        }

        Assert.False(await Container.GetBlobClient("a2/t1.zip").ExistsAsync());
        Assert.Empty(await ListAsync(BlobStates.None));
        // The staged block is there, uncommitted: what the service drops after a week.
        Assert.Contains(await ListAsync(BlobStates.Uncommitted), b => b == "a2/t1.zip");
    }

    [Fact]
    public async Task Commit_NameAlreadyTaken_RefusesAndKeepsTheFirst()
    {
        await using (var first = await Store.BeginAsync("a3/t1.zip", default))
        {
            await first.Stream.WriteAsync(new byte[] { 1, 2, 3 });
            await first.CommitAsync(default);
        }

        await using var second = await Store.BeginAsync("a3/t1.zip", default);
        await second.Stream.WriteAsync(new byte[] { 9 });
        var error = await Assert.ThrowsAsync<ProviderException>(() => second.CommitAsync(default));

        Assert.Contains("committing archive", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 1, 2, 3 }, (await Container.GetBlobClient("a3/t1.zip").DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task GetReadUrl_Valid_DownloadsAnonymouslyAsAnAttachment()
    {
        await using (var upload = await Store.BeginAsync("a4/t1.zip", default))
        {
            await upload.Stream.WriteAsync(new byte[] { 4, 5, 6 });
            await upload.CommitAsync(default);
        }

        var url = await Store.GetReadUrlAsync("a4/t1.zip", "proj.zip", DateTimeOffset.UtcNow.AddMinutes(10), default);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new byte[] { 4, 5, 6 }, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment; filename=\"proj.zip\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Contains("sp=r", url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReadUrl_Expired_IsRefused()
    {
        await using (var upload = await Store.BeginAsync("a5/t1.zip", default))
        {
            await upload.Stream.WriteAsync(new byte[] { 7 });
            await upload.CommitAsync(default);
        }

        var url = await Store.GetReadUrlAsync("a5/t1.zip", "proj.zip", DateTimeOffset.UtcNow.AddMinutes(-1), default);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<List<string>> ListAsync(BlobStates states)
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { States = states })) names.Add(blob.Name);
        return names;
    }
}
