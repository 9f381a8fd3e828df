using Azure.Storage.Blobs;
using Courier.Core.Errors;
using Courier.Core.Jobs.Artifacts;
using Courier.Storage.Artifacts;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.Artifacts;

/// <summary><see cref="BlobMediaSource"/> on Azurite: listing by prefix without folder markers, and reads of the listed version only.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobMediaSourceTests(AzuriteFixture azurite)
{
    private readonly BlobContainerClient _container = azurite.CreateBlobServiceClient().GetBlobContainerClient("m" + Guid.NewGuid().ToString("N")[..12]);

    private BlobMediaSource Source => new(_container);

    [Fact]
    public async Task List_NestedWithAFolderMarker_ListsFilesInNameOrderWithoutTheMarker()
    {
        await _container.CreateAsync();
        await PutAsync("p/b/2.jpg", 2);
        await PutAsync("p/a.txt", 1);
        await PutAsync("p/b/c/3.mp4", 3);
        await PutAsync("q/other.txt", 1);
        await _container.GetBlobClient("p/empty").UploadAsync(BinaryData.FromBytes([]), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = new Dictionary<string, string> { ["hdi_isfolder"] = "true" } });

        var files = await ListAsync("p/");

        Assert.Equal(["p/a.txt", "p/b/2.jpg", "p/b/c/3.mp4"], files.Select(f => f.Name));
        Assert.Equal([1L, 2L, 3L], files.Select(f => f.Length));
        Assert.All(files, f => Assert.False(string.IsNullOrEmpty(f.ETag)));
        Assert.True(await Source.AnyAsync("p/", default));
        Assert.False(await Source.AnyAsync("nothing/", default));
        // An empty folder exists as its marker alone.
        Assert.True(await Source.AnyAsync("p/empty/", default));
        Assert.False(await Source.AnyAsync("p/a.txt/", default));
    }

    [Fact]
    public async Task List_NoContainer_IsEmptyAndNoProjectIsKnown()
    {
        Assert.Empty(await ListAsync("p/"));
        Assert.False(await Source.AnyAsync("p/", default));
    }

    [Fact]
    public async Task OpenRead_Unchanged_ReadsTheContent()
    {
        await _container.CreateAsync();
        await PutAsync("p/a.bin", 100);
        var file = (await ListAsync("p/")).Single();

        await using var stream = await Source.OpenReadAsync(file, default);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(Enumerable.Repeat((byte)100, 100), copy.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenRead_ChangedOrDeletedSinceListed_IsATransientMediaChanged(bool delete)
    {
        await _container.CreateAsync();
        await PutAsync("p/a.bin", 100);
        var file = (await ListAsync("p/")).Single();
        if (delete) await _container.DeleteBlobAsync("p/a.bin");
        else await PutAsync("p/a.bin", 50);

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await using var stream = await Source.OpenReadAsync(file, default);
            await stream.CopyToAsync(Stream.Null);
        });

        Assert.Equal((ErrorClass.Transient, "MEDIA_CHANGED"), (error.Error.Class, error.Error.Code));
    }

    private Task PutAsync(string name, int length) =>
        _container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Enumerable.Repeat((byte)length, length).ToArray()), overwrite: true);

    private async Task<List<MediaFile>> ListAsync(string prefix)
    {
        var files = new List<MediaFile>();
        await foreach (var file in Source.ListAsync(prefix, default)) files.Add(file);
        return files;
    }
}
