namespace Courier.Core.Credentials;

/// <summary>Encrypted provider credentials of one site as stored: the blob is <see cref="ISecretVault"/> output, never clear text.</summary>
public sealed record ProviderCredential(string SiteId, string ProviderKey, string ProtectedBlob, string KeyId, DateTimeOffset UpdatedAt);
