using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>
/// What "unchanged" means for an archive: the SHA-256 of the listing in name order, each file as its name, size and ETag.
/// Adding, removing, renaming or rewriting any file (an ETag changes on every write to a blob, metadata included) changes it;
/// reading does not. Built incrementally, so a listing of any length costs no memory.
/// </summary>
public sealed class MediaFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _value;

    public int Count { get; private set; }

    public long TotalBytes { get; private set; }

    public void Add(MediaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (_value is not null) throw new InvalidOperationException("the fingerprint is already computed");
        // Lengths first, so that no two different listings can write the same bytes.
        var line = string.Create(CultureInfo.InvariantCulture, $"{file.Name.Length}:{file.Name}|{file.Length}|{file.ETag.Length}:{file.ETag}\n");
        _hash.AppendData(Encoding.UTF8.GetBytes(line));
        Count++;
        TotalBytes += file.Length;
    }

    /// <summary>32 lowercase hex characters (128 bits of the SHA-256); computed once, after the last <see cref="Add"/>.</summary>
    public string Value => _value ??= Convert.ToHexStringLower(_hash.GetHashAndReset())[..32];

    /// <summary>The fingerprint of a whole listing, read to its end.</summary>
    public static async Task<(string Value, int Count, long TotalBytes)> OfAsync(IAsyncEnumerable<MediaFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var fingerprint = new MediaFingerprint();
        await foreach (var file in files.WithCancellation(cancellationToken).ConfigureAwait(false)) fingerprint.Add(file);
        return (fingerprint.Value, fingerprint.Count, fingerprint.TotalBytes);
    }

    public void Dispose() => _hash.Dispose();
}
