namespace Courier.Core.Credentials;

/// <summary>Port: where encrypted provider credentials live, one row per (site, provider).</summary>
public interface ICredentialStore
{
    Task SaveAsync(ProviderCredential credential, CancellationToken cancellationToken);

    Task<ProviderCredential?> GetAsync(string siteId, string providerKey, CancellationToken cancellationToken);
}
