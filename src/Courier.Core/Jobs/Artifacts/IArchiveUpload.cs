namespace Courier.Core.Jobs.Artifacts;

/// <summary>One archive being written: a forward-only stream, made visible all at once by <see cref="CommitAsync"/>.</summary>
public interface IArchiveUpload : IAsyncDisposable
{
    /// <summary>Write-only, not seekable; what is written is sent on in fixed-size blocks, so memory does not grow with the archive.</summary>
    Stream Stream { get; }

    /// <summary>Sends what is left and makes the archive visible under its name, in one step. Returns its size in bytes.</summary>
    Task<long> CommitAsync(CancellationToken cancellationToken);
}
