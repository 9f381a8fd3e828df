using Courier.Core.Credentials;

namespace Courier.Providers.Sheets;

/// <summary>One site's Google credential JSON (service account or external account). <see cref="ToString"/> prints no secret.</summary>
public sealed record SheetsCredentials(string ServiceAccountJson)
{
    /// <summary>Reads a site's stored credentials, already checked against <see cref="SheetsCredentialSchema"/>.</summary>
    public static SheetsCredentials From(SiteCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.ProviderKey != SheetsCredentialSchema.ProviderKey)
            throw new ArgumentException($"credentials of provider '{credentials.ProviderKey}' are not {SheetsCredentialSchema.ProviderKey} credentials", nameof(credentials));
        return new SheetsCredentials(credentials.Get(SheetsCredentialSchema.ServiceAccountJson));
    }

    public override string ToString() => "SheetsCredentials { ServiceAccountJson = [redacted] }";
}
