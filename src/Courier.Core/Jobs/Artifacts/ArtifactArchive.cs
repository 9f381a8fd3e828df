namespace Courier.Core.Jobs.Artifacts;

/// <summary>What a READY artifact records: the committed archive's blob name, its entries and size, and the listing it was made from.</summary>
/// <param name="Blob">The archive's name in the artifacts container (attempt-specific: <c>{artifactId}/{leaseToken}.zip</c>).</param>
/// <param name="FileCount">Entries written.</param>
/// <param name="SizeBytes">Size of the ZIP.</param>
/// <param name="SourceBytes">Total size of the media read.</param>
/// <param name="Fingerprint">The fingerprint of the listing the archive was made from.</param>
/// <param name="GeneratedAt">When it was committed.</param>
public sealed record ArtifactArchive(string Blob, int FileCount, long SizeBytes, long SourceBytes, string Fingerprint, DateTimeOffset GeneratedAt);
