using Courier.Core.Credentials;

namespace Courier.Providers.Airtable;

/// <summary>What a site stores for Airtable (a personal access token), registered by <c>AddAirtableProvider</c>.</summary>
public static class AirtableCredentialSchema
{
    public const string ProviderKey = "airtable";

    public const string AccessToken = "access_token";

    public static CredentialSchema Schema { get; } = new(ProviderKey, [CredentialField.RequiredSecret(AccessToken)]);
}
