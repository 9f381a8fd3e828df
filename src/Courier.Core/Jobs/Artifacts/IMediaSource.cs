namespace Courier.Core.Jobs.Artifacts;

/// <summary>Port: the media a project's archive is made of (blob container <c>media</c>, names <c>{projectId}/…</c>).</summary>
public interface IMediaSource
{
    /// <summary>Files whose name starts with <paramref name="prefix"/>, in lexical name order; folder markers are not files.</summary>
    IAsyncEnumerable<MediaFile> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>True when anything (a file or a folder marker) is stored under folder <paramref name="prefix"/> (ending with '/'), or a folder marker names that folder itself.</summary>
    Task<bool> AnyAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="file"/> for a forward read of the version listed. A file changed or deleted since it was listed
    /// throws a <see cref="Errors.ProviderException"/> of class transient (<c>MEDIA_CHANGED</c>), so the attempt is retried on a fresh listing.
    /// </summary>
    Task<Stream> OpenReadAsync(MediaFile file, CancellationToken cancellationToken);
}
