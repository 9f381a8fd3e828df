using Courier.Core.Credentials;

namespace Courier.Providers.Meta;

/// <summary>A connection's Page access token. <see cref="ToString"/> prints no secret.</summary>
public sealed record MetaCredentials(string AccessToken)
{
    /// <summary>Reads a connection's stored credentials, already checked against <see cref="MetaCredentialSchema"/>.</summary>
    public static MetaCredentials From(SiteCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.ProviderKey != MetaCredentialSchema.ProviderKey)
            throw new ArgumentException($"credentials of provider '{credentials.ProviderKey}' are not {MetaCredentialSchema.ProviderKey} credentials", nameof(credentials));
        return new MetaCredentials(credentials.Get(MetaCredentialSchema.AccessToken));
    }

    public override string ToString() => "MetaCredentials { AccessToken = [redacted] }";
}
