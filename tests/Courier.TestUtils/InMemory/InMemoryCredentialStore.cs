using Courier.Core.Credentials;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="ICredentialStore"/>: a save replaces the credentials of the same site and provider.</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string SiteId, string ProviderKey), ProviderCredential> _rows = new();

    public Task SaveAsync(ProviderCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        lock (_gate) _rows[(credential.SiteId, credential.ProviderKey)] = credential;
        return Task.CompletedTask;
    }

    public Task<ProviderCredential?> GetAsync(string siteId, string providerKey, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_rows.GetValueOrDefault((siteId, providerKey)));
    }
}
