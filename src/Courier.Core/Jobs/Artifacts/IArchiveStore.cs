namespace Courier.Core.Jobs.Artifacts;

/// <summary>Port: where archives are written (blob container <c>artifacts</c>) and how a finished one is handed out.</summary>
public interface IArchiveStore
{
    /// <summary>
    /// Starts writing archive <paramref name="name"/>. Nothing becomes visible until <see cref="IArchiveUpload.CommitAsync"/>:
    /// an upload disposed without a commit (a crash, a cancellation, an exception) leaves no blob behind.
    /// </summary>
    Task<IArchiveUpload> BeginAsync(string name, CancellationToken cancellationToken);

    /// <summary>A read-only URL of archive <paramref name="name"/> that stops working at <paramref name="expiresOn"/>; downloads are named <paramref name="downloadName"/>.</summary>
    Task<Uri> GetReadUrlAsync(string name, string downloadName, DateTimeOffset expiresOn, CancellationToken cancellationToken);
}
