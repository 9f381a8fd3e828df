using System.Buffers;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Courier.Core.Jobs.Artifacts;

namespace Courier.Storage.Artifacts;

/// <summary>
/// One archive upload: a write-only stream that stages each full buffer as a block (Put Block) and a commit that stages the
/// rest and writes the block list (Put Block List) with If-None-Match: *, so the blob appears complete or not at all and is
/// never overwritten. Disposed without a commit, the staged blocks stay uncommitted (the service drops them after a week).
/// </summary>
internal sealed class BlockBlobArchiveUpload : Stream, IArchiveUpload
{
    private const int MaxBlocks = 50_000;
    private readonly BlockBlobClient _blob;
    private readonly List<string> _blocks = [];
    private byte[]? _buffer;
    private int _filled;
    private long _length;
    private bool _committed;

    public BlockBlobArchiveUpload(BlockBlobClient blob, int blockSize)
    {
        _blob = blob;
        _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        BlockSize = blockSize;
    }

    public int BlockSize { get; }

    Stream IArchiveUpload.Stream => this;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_committed && _buffer is not null;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var take = Fill(buffer);
            buffer = buffer[take..];
            if (_filled == BlockSize) StageAsync(sync: true, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Fill(buffer.Span);
            buffer = buffer[take..];
            if (_filled == BlockSize) await StageAsync(sync: false, cancellationToken).ConfigureAwait(false);
        }
    }

    // Blocks are staged as they fill; there is nothing to flush short of a commit.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<long> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_committed) throw new InvalidOperationException("the archive is already committed");
        if (_filled > 0) await StageAsync(sync: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await _blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw StorageErrors.Classify(ex, $"committing archive '{_blob.Name}'");
        }

        _committed = true;
        return _length;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Release();
        return base.DisposeAsync();
    }

    private int Fill(ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_committed) throw new InvalidOperationException("the archive is already committed");
        var take = Math.Min(source.Length, BlockSize - _filled);
        source[..take].CopyTo(_buffer.AsSpan(_filled));
        _filled += take;
        _length += take;
        return take;
    }

    private async Task StageAsync(bool sync, CancellationToken cancellationToken)
    {
        if (_blocks.Count == MaxBlocks) throw new InvalidOperationException($"an archive is limited to {MaxBlocks} blocks of {BlockSize} bytes");
        // Ids of one blob must all have the same length: a zero-padded counter, base64.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_blocks.Count.ToString("D6", CultureInfo.InvariantCulture)));
        using var content = new MemoryStream(_buffer!, 0, _filled, writable: false);
        try
        {
            if (sync) _blob.StageBlock(id, content, new BlockBlobStageBlockOptions(), cancellationToken);
            else await _blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw StorageErrors.Classify(ex, $"staging block {_blocks.Count} of archive '{_blob.Name}'");
        }

        _blocks.Add(id);
        _filled = 0;
    }

    private void Release()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
