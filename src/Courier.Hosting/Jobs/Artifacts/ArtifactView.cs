namespace Courier.Hosting.Jobs.Artifacts;

/// <summary>How the artifacts API shows one artifact: its state name (PENDING, GENERATING, READY, FAILED), contents, and when READY its download.</summary>
/// <param name="ArtifactId">The id to poll with <c>GET /api/artifacts/{id}</c>.</param>
/// <param name="Status">PENDING (also while waiting for a retry), GENERATING, READY or FAILED.</param>
/// <param name="ProjectId">The project.</param>
/// <param name="Prefix">The folder inside the project ("" for all of it).</param>
/// <param name="FileCount">Files in the archive (when READY), else files listed when requested.</param>
/// <param name="SizeBytes">Bytes of media in the archive (when READY), else listed when requested.</param>
/// <param name="Attempts">Attempts made so far (failures and expired leases).</param>
/// <param name="LastError">Why the last attempt failed (FAILED: why it gave up).</param>
/// <param name="CreatedAt">When it was first requested.</param>
/// <param name="UpdatedAt">Its last change.</param>
public sealed record ArtifactView(
    string ArtifactId,
    string Status,
    string ProjectId,
    string Prefix,
    int FileCount,
    long SizeBytes,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Size of the ZIP itself (READY only).</summary>
    public long? ZipBytes { get; init; }

    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>A read-only SAS URL of the ZIP (READY only), valid until <see cref="ExpiresAt"/>; each GET signs a fresh one.</summary>
    public string? DownloadUrl { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}
