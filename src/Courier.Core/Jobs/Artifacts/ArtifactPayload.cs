namespace Courier.Core.Jobs.Artifacts;

/// <summary>A requested archive as stored in the queue item's payload: what was asked for and what the media looked like then.</summary>
/// <param name="ProjectId">The project: media under <c>{projectId}/</c>.</param>
/// <param name="Prefix">A folder inside the project ("" for all of it), normalized to end with '/'.</param>
/// <param name="Fingerprint">The listing's fingerprint when requested (<see cref="MediaFingerprint"/>).</param>
/// <param name="FileCount">Files listed when requested.</param>
/// <param name="TotalBytes">Their total size when requested.</param>
public sealed record ArtifactPayload(string ProjectId, string Prefix, string Fingerprint, int FileCount, long TotalBytes)
{
    /// <summary>The blob name prefix of the selected media: <c>{projectId}/{prefix}</c>.</summary>
    public string MediaPrefix => ProjectId + "/" + Prefix;
}
