using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Credentials;

namespace Courier.Core.Tests.Credentials;

/// <summary>
/// Test schemas shaped like real providers' (Core knows none of them), and Google-Ads-shaped credentials whose every value
/// is distinct per site, so a leak of any one of them can be searched for.
/// </summary>
internal static class TestCredentials
{
    public const string GoogleAdsKey = "google_ads";
    public const string AirtableKey = "airtable";
    public const string SheetsKey = "google_sheets";

    public static readonly string[] SecretFields = ["developer_token", "client_secret", "refresh_token"];

    public static readonly CredentialSchema GoogleAdsSchema = new(GoogleAdsKey,
    [
        new("customer_id"),
        CredentialField.RequiredSecret("developer_token"),
        new("client_id"),
        CredentialField.RequiredSecret("client_secret"),
        CredentialField.RequiredSecret("refresh_token"),
        new("conversion_action_resource_name"),
        CredentialField.Optional("login_customer_id"),
    ]);

    public static readonly CredentialSchema AirtableSchema = new(AirtableKey, [new("base_id"), CredentialField.RequiredSecret("api_token")]);

    public static readonly CredentialSchema SheetsSchema = new(SheetsKey, [CredentialField.RequiredSecret("service_account_json")]);

    public static IReadOnlyList<CredentialSchema> Schemas { get; } = [GoogleAdsSchema, AirtableSchema];

    public static JsonObject GoogleAdsObject(string siteId, bool withLoginCustomer = false)
    {
        var o = new JsonObject
        {
            ["customer_id"] = $"111-{siteId}",
            ["developer_token"] = $"devtok-SECRET-{siteId}",
            ["client_id"] = $"client-{siteId}.apps.example",
            ["client_secret"] = $"clisec-SECRET-{siteId}",
            ["refresh_token"] = $"1//refresh-SECRET-{siteId}",
            ["conversion_action_resource_name"] = $"customers/111/conversionActions/{siteId}",
        };
        if (withLoginCustomer) o["login_customer_id"] = $"999-{siteId}";
        return o;
    }

    public static JsonElement GoogleAds(string siteId, bool withLoginCustomer = false) => Element(GoogleAdsObject(siteId, withLoginCustomer));

    public static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    /// <summary>The secret values (not ids) of a site's credentials.</summary>
    public static IEnumerable<string> SecretsOf(string siteId)
    {
        var o = GoogleAdsObject(siteId, withLoginCustomer: true);
        return SecretFields.Select(f => o[f]!.GetValue<string>());
    }
}
