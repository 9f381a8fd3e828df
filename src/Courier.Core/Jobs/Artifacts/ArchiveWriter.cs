using System.IO.Compression;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>
/// Streams a project's media into a ZIP: each entry is read from the source and written on as it is read (nothing is
/// buffered beyond the copy buffer and the output's block), already-compressed types are stored, the rest deflated.
/// The output need not seek: entries then carry data descriptors (general-purpose bit 3), and ZIP64 records are written
/// when the archive needs them (more than 65,535 entries, or sizes or offsets past 4 GiB).
/// </summary>
public sealed class ArchiveWriter
{
    /// <summary>Bytes copied per read from a media stream into an entry.</summary>
    public const int CopyBufferSize = 1024 * 1024;

    private readonly IMediaSource _source;
    private readonly HashSet<string> _stored;

    public ArchiveWriter(IMediaSource source, IEnumerable<string> storedExtensions)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentNullException.ThrowIfNull(storedExtensions);
        _stored = new HashSet<string>(storedExtensions.Select(e => e.TrimStart('.')), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>How an entry of <paramref name="entryName"/> is compressed: stored for already-compressed types, fastest deflate otherwise.</summary>
    public CompressionLevel LevelFor(string entryName)
    {
        var extension = Path.GetExtension(entryName).TrimStart('.');
        // NoCompression makes ZipArchive write the entry with method 0 (stored), not deflate at level 0.
        return _stored.Contains(extension) ? CompressionLevel.NoCompression : CompressionLevel.Fastest;
    }

    /// <summary>
    /// Writes every file of <paramref name="files"/> as an entry named by its path inside <paramref name="projectId"/>, then the
    /// central directory; <paramref name="output"/> is left open. On failure nothing more is written (the archive is abandoned,
    /// not finished), so a caller that commits only on success never shows a partial archive.
    /// </summary>
    public async Task<ArchiveWriteResult> WriteAsync(string projectId, IAsyncEnumerable<MediaFile> files, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        using var fingerprint = new MediaFingerprint();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
        long sourceBytes = 0;
        var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        await foreach (var file in files.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            fingerprint.Add(file);
            // Two blobs can only map to one name through segments that were dropped ('a//b' and 'a/b'): the first wins.
            if (MediaSelection.EntryName(file.Name, projectId) is not { } name || !names.Add(name)) continue;
            var entry = zip.CreateEntry(name, LevelFor(name));
            entry.LastWriteTime = ZipTime(file.LastModified);
            var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            var source = await _source.OpenReadAsync(file, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }

            // Closing the entry writes its data descriptor (CRC-32 and sizes); only on success, like the central directory below.
            await target.DisposeAsync().ConfigureAwait(false);
            entries++;
            sourceBytes += file.Length;
        }

        await zip.DisposeAsync().ConfigureAwait(false);
        return new ArchiveWriteResult(entries, sourceBytes, fingerprint.Value);
    }

    // ZIP (DOS) times run from 1980 to 2107.
    private static DateTimeOffset ZipTime(DateTimeOffset time)
    {
        var min = new DateTimeOffset(1980, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var max = new DateTimeOffset(2107, 12, 30, 0, 0, 0, TimeSpan.Zero);
        return time < min ? min : time > max ? max : time;
    }
}
