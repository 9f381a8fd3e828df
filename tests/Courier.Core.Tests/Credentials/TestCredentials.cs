using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Core.Tests.Credentials;

/// <summary>Google Ads credentials whose every value is distinct per site, so a leak of any one of them can be searched for.</summary>
internal static class TestCredentials
{
    public static readonly string[] SecretFields = ["developer_token", "client_secret", "refresh_token"];

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
