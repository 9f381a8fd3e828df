using System.IO.Compression;
using Courier.Core.Jobs.Artifacts;
using Courier.TestUtils.Artifacts;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Jobs.Artifacts;

public sealed class ArchiveWriterTests
{
    [Fact]
    public async Task Write_MoreThan65535Entries_WritesZip64EndRecordsThatReadersFollow()
    {
        const int Count = 70_000;
        var media = new InMemoryMediaSource();
        for (var i = 0; i < Count; i++) media.Put($"p/f{i / 1000:D3}/{i:D5}.txt", [(byte)(i % 251)]);
        var output = new NonSeekableBuffer();

        var result = await new ArchiveWriter(media, []).WriteAsync("p", media.ListAsync("p/", default), output, default);

        Assert.Equal(Count, result.Entries);
        var bytes = output.ToArray();
        var directory = ZipDirectory.Read(bytes);
        Assert.True(directory.HasZip64EndRecord);
        Assert.Equal(Count, directory.EntryCount);
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(Count, archive.Entries.Count);
        var last = archive.GetEntry($"f069/{Count - 1:D5}.txt")!;
        Assert.Equal(Crc32.Compute([(byte)((Count - 1) % 251)]), last.Crc32);
    }

    [Fact]
    public async Task Write_NoFiles_WritesAValidEmptyArchive()
    {
        var media = new InMemoryMediaSource();
        var output = new NonSeekableBuffer();

        var result = await new ArchiveWriter(media, []).WriteAsync("p", media.ListAsync("p/", default), output, default);

        Assert.Equal(0, result.Entries);
        using var archive = new ZipArchive(new MemoryStream(output.ToArray()), ZipArchiveMode.Read);
        Assert.Empty(archive.Entries);
    }

    [Theory]
    [InlineData("a.JPG", CompressionLevel.NoCompression)]
    [InlineData("dir/b.mp4", CompressionLevel.NoCompression)]
    [InlineData("c.zip", CompressionLevel.NoCompression)]
    [InlineData("d.txt", CompressionLevel.Fastest)]
    [InlineData("noextension", CompressionLevel.Fastest)]
    public void LevelFor_StoresConfiguredExtensionsInAnyCase(string name, CompressionLevel level)
    {
        Assert.Equal(level, new ArchiveWriter(new InMemoryMediaSource(), new ArtifactsOptions().StoredExtensions).LevelFor(name));
    }

    /// <summary>Write-only and not seekable, like a blob upload stream.</summary>
    private sealed class NonSeekableBuffer : Stream
    {
        private readonly MemoryStream _inner = new();

        public byte[] ToArray() => _inner.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
    }
}
