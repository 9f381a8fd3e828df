using System.Text.Json.Serialization;
using Courier.Core.Credentials;

namespace Courier.Providers.GoogleAds;

/// <summary>One site's Google Ads credentials, as seeded (snake_case JSON) and stored encrypted. <see cref="ToString"/> prints no secret.</summary>
public sealed record GoogleAdsCredentials(
    [property: JsonPropertyName("customer_id")] string CustomerId,
    [property: JsonPropertyName("developer_token")] string DeveloperToken,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("conversion_action_resource_name")] string ConversionActionResourceName,
    [property: JsonPropertyName("login_customer_id")] string? LoginCustomerId = null)
{
    /// <summary>Reads a site's stored credentials, already checked against <see cref="GoogleAdsCredentialSchema"/>.</summary>
    public static GoogleAdsCredentials From(SiteCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.ProviderKey != GoogleAdsCredentialSchema.ProviderKey)
            throw new ArgumentException($"credentials of provider '{credentials.ProviderKey}' are not {GoogleAdsCredentialSchema.ProviderKey} credentials", nameof(credentials));
        return new GoogleAdsCredentials(
            credentials.Get(GoogleAdsCredentialSchema.CustomerId),
            credentials.Get(GoogleAdsCredentialSchema.DeveloperToken),
            credentials.Get(GoogleAdsCredentialSchema.ClientId),
            credentials.Get(GoogleAdsCredentialSchema.ClientSecret),
            credentials.Get(GoogleAdsCredentialSchema.RefreshToken),
            credentials.Get(GoogleAdsCredentialSchema.ConversionActionResourceName),
            credentials.GetOptional(GoogleAdsCredentialSchema.LoginCustomerId));
    }

    public override string ToString() =>
        $"GoogleAdsCredentials {{ CustomerId = {CustomerId}, LoginCustomerId = {LoginCustomerId}, ConversionActionResourceName = {ConversionActionResourceName}, " +
        $"ClientId = {ClientId}, DeveloperToken = [redacted], ClientSecret = [redacted], RefreshToken = [redacted] }}";
}
