using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Courier.Core.Jobs.Artifacts;
using Courier.TestUtils.Artifacts;

namespace Courier.Core.Tests.Jobs.Artifacts;

/// <summary>
/// An entry past 4 GiB written as production writes it (streamed, to a stream that cannot seek): the archive is kept only
/// as its head and tail, and checked byte by byte where ZIP64 matters: the local header, the entry's data descriptor,
/// the central directory's ZIP64 extra field and the ZIP64 end records.
/// </summary>
public sealed class ArchiveWriterZip64Tests
{
    private const long Size = 4L * 1024 * 1024 * 1024 + 12_345;

    [Fact]
    public async Task Write_EntryPast4GiB_StoredWithZip64SizesInItsDescriptorAndTheDirectory()
    {
        var source = new PatternSource("p/big.mp4", Size);
        var output = new HeadTailStream(head: 4096, tail: 1024 * 1024);

        var result = await new ArchiveWriter(source, ["mp4"]).WriteAsync("p", source.ListAsync("p/", default), output, default);

        Assert.Equal((1, Size), (result.Entries, result.SourceBytes));
        var tailStart = output.Length - output.Tail.Length;
        var directory = ZipDirectory.Read(output.Tail, tailStart);
        Assert.True(directory.HasZip64EndRecord);
        var entry = Assert.Single(directory.Entries);
        Assert.Equal(("big.mp4", (ushort)0, Size, Size, source.Crc), (entry.Name, entry.Method, entry.Size, entry.CompressedSize, entry.Crc32));
        Assert.True(entry.HasDataDescriptor);

        // The local header, written before the size was known: sizes 0 there, the real ones follow the data.
        var head = output.Head;
        Assert.Equal(0x04034b50u, BinaryPrimitives.ReadUInt32LittleEndian(head));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(head[18..]));
        var localLength = 30 + BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(head[28..]);
        // The data descriptor right after the data carries 64-bit sizes: signature, CRC-32, compressed and uncompressed size.
        var descriptor = output.Tail[(int)(localLength + Size - tailStart)..];
        Assert.Equal(0x08074b50u, BinaryPrimitives.ReadUInt32LittleEndian(descriptor));
        Assert.Equal(source.Crc, BinaryPrimitives.ReadUInt32LittleEndian(descriptor[4..]));
        Assert.Equal(Size, BinaryPrimitives.ReadInt64LittleEndian(descriptor[8..]));
        Assert.Equal(Size, BinaryPrimitives.ReadInt64LittleEndian(descriptor[16..]));
    }

    /// <summary>One virtual file of a repeating pattern, its CRC-32 computed as it is read (System.IO.Hashing, not the ZIP writer's own).</summary>
    private sealed class PatternSource(string name, long length) : IMediaSource
    {
        private readonly System.IO.Hashing.Crc32 _crc = new();

        public uint Crc => _crc.GetCurrentHashAsUInt32();

        public async IAsyncEnumerable<MediaFile> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new MediaFile(name, length, "\"1\"", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        }

        public Task<bool> AnyAsync(string prefix, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<Stream> OpenReadAsync(MediaFile file, CancellationToken cancellationToken) => Task.FromResult<Stream>(new Pattern(this, length));

        private sealed class Pattern(PatternSource owner, long length) : Stream
        {
            private static readonly byte[] Block = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 31 + (i >> 8))).ToArray();
            private long _position;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => length;

            public override long Position { get => _position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = (int)Math.Min(count, length - _position);
                var at = 0;
                while (at < n)
                {
                    var from = (int)((_position + at) % Block.Length);
                    var take = Math.Min(n - at, Block.Length - from);
                    Block.AsSpan(from, take).CopyTo(buffer.AsSpan(offset + at));
                    at += take;
                }

                owner._crc.Append(buffer.AsSpan(offset, n));
                _position += n;
                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    /// <summary>Write-only, not seekable; keeps the first and the last bytes written and counts the rest.</summary>
    private sealed class HeadTailStream(int head, int tail) : Stream
    {
        private readonly byte[] _head = new byte[head];
        private readonly byte[] _ring = new byte[tail];
        private long _length;

        public ReadOnlySpan<byte> Head => _head.AsSpan(0, (int)Math.Min(head, _length));

        public byte[] Tail
        {
            get
            {
                var kept = (int)Math.Min(tail, _length);
                var result = new byte[kept];
                for (var i = 0; i < kept; i++) result[i] = _ring[(_length - kept + i) % tail];
                return result;
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length < head) buffer[..(int)Math.Min(buffer.Length, head - _length)].CopyTo(_head.AsSpan((int)_length));
            var keep = buffer.Length > tail ? buffer[^tail..] : buffer;
            var start = _length + buffer.Length - keep.Length;
            for (var i = 0; i < keep.Length;)
            {
                var at = (int)((start + i) % tail);
                var take = Math.Min(keep.Length - i, tail - at);
                keep.Slice(i, take).CopyTo(_ring.AsSpan(at));
                i += take;
            }

            _length += buffer.Length;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
