using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Courier.Core.Jobs.Artifacts;

namespace Courier.TestUtils.InMemory;

/// <summary>
/// <see cref="IMediaSource"/> in memory: files by name with an ETag that changes on every put, listed in ordinal order,
/// and an optional hook around each read (to fail or block a read half-way, as a crash would).
/// </summary>
public sealed class InMemoryMediaSource : IMediaSource
{
    private readonly ConcurrentDictionary<string, Stored> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>Wraps each opened read: given the file and its content stream, returns the stream the archive reads.</summary>
    public Func<MediaFile, Stream, Stream>? OnRead { get; set; }

    public void Put(string name, byte[] content, DateTimeOffset? lastModified = null) =>
        _files[name] = new Stored(content, $"\"0x{Interlocked.Increment(ref _version):X8}\"", lastModified ?? new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A folder marker: makes the folder (and its project) exist without any file.</summary>
    public void PutFolder(string name)
    {
        lock (_folders) _folders.Add(name);
    }

    public void Delete(string name) => _files.TryRemove(name, out _);

    public byte[] Content(string name) => _files[name].Content;

    public async IAsyncEnumerable<MediaFile> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var (name, stored) in _files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new MediaFile(name, stored.Content.Length, stored.ETag, stored.LastModified);
        }
    }

    public Task<bool> AnyAsync(string prefix, CancellationToken cancellationToken)
    {
        bool folder;
        lock (_folders) folder = _folders.Any(f => f.StartsWith(prefix, StringComparison.Ordinal) || f == prefix.TrimEnd('/'));
        return Task.FromResult(folder || _files.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)));
    }

    public Task<Stream> OpenReadAsync(MediaFile file, CancellationToken cancellationToken)
    {
        if (!_files.TryGetValue(file.Name, out var stored) || stored.ETag != file.ETag)
            throw new Core.Errors.ProviderException(Core.Errors.ProviderError.Transient("MEDIA_CHANGED", $"media '{file.Name}' changed"));
        Stream stream = new MemoryStream(stored.Content, writable: false);
        return Task.FromResult(OnRead?.Invoke(file, stream) ?? stream);
    }

    private sealed record Stored(byte[] Content, string ETag, DateTimeOffset LastModified);
}
