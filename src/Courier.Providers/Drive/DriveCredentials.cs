using Courier.Core.Credentials;

namespace Courier.Providers.Drive;

/// <summary>A Google credential JSON for Drive (service account or external account). <see cref="ToString"/> prints no secret.</summary>
public sealed record DriveCredentials(string CredentialJson)
{
    /// <summary>Reads a site's stored credentials, already checked against <see cref="DriveCredentialSchema"/>.</summary>
    public static DriveCredentials From(SiteCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.ProviderKey != DriveCredentialSchema.ProviderKey)
            throw new ArgumentException($"credentials of provider '{credentials.ProviderKey}' are not {DriveCredentialSchema.ProviderKey} credentials", nameof(credentials));
        return new DriveCredentials(credentials.Get(DriveCredentialSchema.ServiceAccountJson));
    }

    public override string ToString() => "DriveCredentials { CredentialJson = [redacted] }";
}
