using System.Globalization;
using System.Text.Json.Nodes;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>A Google Ads site with its own customer, conversion action and distinctive secrets, so tests sharing a sandbox never meet.</summary>
public sealed record AdsSite(string SiteId, string CustomerId, string ConversionAction, string DeveloperToken, string ClientId, string ClientSecret, string RefreshToken)
{
    private static long _next = Random.Shared.NextInt64(1_000_000_000, 8_000_000_000);

    /// <summary>The secrets a leak check looks for.</summary>
    public IReadOnlyList<string> Secrets => [DeveloperToken, ClientSecret, RefreshToken];

    public static AdsSite Create()
    {
        var customerId = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var site = new AdsSite($"site-{tag}", customerId, $"customers/{customerId}/conversionActions/{customerId[^4..]}", $"devtoken-Secret-{tag}", $"client-id-{tag}", $"client-Secret-{tag}", $"refresh-Secret-{tag}");
        Courier.TestUtils.Hosts.KnownSecrets.Register(site.Secrets);
        return site;
    }

    /// <summary>A seed-credentials body.</summary>
    public string SeedBody() => new JsonObject
    {
        ["site_id"] = SiteId,
        ["provider_key"] = "google_ads",
        ["credentials"] = new JsonObject
        {
            ["customer_id"] = CustomerId,
            ["developer_token"] = DeveloperToken,
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["refresh_token"] = RefreshToken,
            ["conversion_action_resource_name"] = ConversionAction,
        },
    }.ToJsonString();

    /// <summary>A valid <c>POST /api/conversions</c> body.</summary>
    public string Sale(string saleId) => new JsonObject
    {
        ["siteId"] = SiteId,
        ["saleId"] = saleId,
        ["gclid"] = $"gclid-{saleId}",
        ["conversionDateTime"] = "2026-01-02T13:45:00+01:00",
        ["value"] = 12.5m,
        ["currency"] = "EUR",
    }.ToJsonString();
}
