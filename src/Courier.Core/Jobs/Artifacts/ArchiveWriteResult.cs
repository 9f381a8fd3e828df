namespace Courier.Core.Jobs.Artifacts;

/// <summary>What <see cref="ArchiveWriter.WriteAsync"/> wrote: entries, bytes read from the media, and the fingerprint of the listing it read.</summary>
public sealed record ArchiveWriteResult(int Entries, long SourceBytes, string Fingerprint);
