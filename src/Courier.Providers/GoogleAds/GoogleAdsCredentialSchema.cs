using Courier.Core.Credentials;

namespace Courier.Providers.GoogleAds;

/// <summary>What a site stores for Google Ads (spec §5.3 seed-credentials), registered by <c>AddGoogleAdsProvider</c>.</summary>
public static class GoogleAdsCredentialSchema
{
    public const string ProviderKey = "google_ads";

    public const string CustomerId = "customer_id";
    public const string DeveloperToken = "developer_token";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string RefreshToken = "refresh_token";
    public const string ConversionActionResourceName = "conversion_action_resource_name";
    public const string LoginCustomerId = "login_customer_id";

    public static CredentialSchema Schema { get; } = new(ProviderKey,
    [
        new(CustomerId),
        CredentialField.RequiredSecret(DeveloperToken),
        new(ClientId),
        CredentialField.RequiredSecret(ClientSecret),
        CredentialField.RequiredSecret(RefreshToken),
        new(ConversionActionResourceName),
        CredentialField.Optional(LoginCustomerId),
    ]);
}
