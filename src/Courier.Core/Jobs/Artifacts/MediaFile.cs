namespace Courier.Core.Jobs.Artifacts;

/// <summary>One media file as listed: its full blob name (<c>{projectId}/…</c>), size, version tag and last change.</summary>
/// <param name="Name">The blob name in the media container.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ETag">The storage version tag; it changes on every write, so it is part of the fingerprint.</param>
/// <param name="LastModified">Written as the ZIP entry's time.</param>
public sealed record MediaFile(string Name, long Length, string ETag, DateTimeOffset LastModified);
