using Courier.Core.Credentials;

namespace Courier.Providers.Airtable;

/// <summary>An Airtable personal access token. <see cref="ToString"/> prints no secret.</summary>
public sealed record AirtableCredentials(string AccessToken)
{
    /// <summary>Reads a site's stored credentials, already checked against <see cref="AirtableCredentialSchema"/>.</summary>
    public static AirtableCredentials From(SiteCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.ProviderKey != AirtableCredentialSchema.ProviderKey)
            throw new ArgumentException($"credentials of provider '{credentials.ProviderKey}' are not {AirtableCredentialSchema.ProviderKey} credentials", nameof(credentials));
        return new AirtableCredentials(credentials.Get(AirtableCredentialSchema.AccessToken));
    }

    public override string ToString() => "AirtableCredentials { AccessToken = [redacted] }";
}
