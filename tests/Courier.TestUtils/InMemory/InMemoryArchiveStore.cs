using System.Collections.Concurrent;
using Courier.Core.Jobs.Artifacts;

namespace Courier.TestUtils.InMemory;

/// <summary>
/// <see cref="IArchiveStore"/> in memory with the adapter's visibility rule: an archive exists only once committed; an
/// upload disposed without a commit is counted as abandoned and leaves nothing. URLs are <c>memory://</c> with the expiry.
/// </summary>
public sealed class InMemoryArchiveStore : IArchiveStore
{
    private readonly ConcurrentDictionary<string, byte[]> _committed = new(StringComparer.Ordinal);
    private int _abandoned;

    public IReadOnlyDictionary<string, byte[]> Committed => _committed;

    /// <summary>Uploads disposed without a commit.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public Task<IArchiveUpload> BeginAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<IArchiveUpload>(new Upload(this, name));

    public Task<Uri> GetReadUrlAsync(string name, string downloadName, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        Task.FromResult(new Uri($"memory://artifacts/{name}?name={Uri.EscapeDataString(downloadName)}&se={Uri.EscapeDataString(expiresOn.ToString("O"))}"));

    private sealed class Upload(InMemoryArchiveStore store, string name) : IArchiveUpload
    {
        private readonly NonSeekableStream _stream = new();
        private bool _committed;

        public Stream Stream => _stream;

        public Task<long> CommitAsync(CancellationToken cancellationToken)
        {
            if (!store._committed.TryAdd(name, _stream.Inner.ToArray())) throw new InvalidOperationException($"archive '{name}' already exists");
            _committed = true;
            return Task.FromResult(_stream.Inner.Length);
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed) Interlocked.Increment(ref store._abandoned);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Write-only and not seekable, like a blob upload stream, so ZipArchive writes data descriptors as it does in production.</summary>
    private sealed class NonSeekableStream : Stream
    {
        public MemoryStream Inner { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
    }
}
