using System.Globalization;
using System.Text.Json.Nodes;

namespace Courier.Benchmarks.Support;

/// <summary>A site with its own Google Ads customer and conversion action (as the tests' TestSite), and its sales as API bodies.</summary>
public sealed record BenchSite(string SiteId, string CustomerId)
{
    public const string ProviderKey = "google_ads";

    private static long _next = Random.Shared.NextInt64(1_000_000_000, 8_000_000_000);

    public static BenchSite Create()
    {
        var customerId = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        return new BenchSite("bench-" + Guid.NewGuid().ToString("N")[..10], customerId);
    }

    public JsonObject Credentials() => new()
    {
        ["customer_id"] = CustomerId,
        ["developer_token"] = "devtoken-bench",
        ["client_id"] = "client-id-" + SiteId,
        ["client_secret"] = "client-secret-bench",
        ["refresh_token"] = "refresh-token-" + SiteId,
        ["conversion_action_resource_name"] = $"customers/{CustomerId}/conversionActions/{CustomerId[^4..]}",
    };

    /// <summary>A valid <c>POST /api/conversions</c> body.</summary>
    public JsonObject Sale(string saleId) => new()
    {
        ["siteId"] = SiteId,
        ["saleId"] = saleId,
        ["gclid"] = "gclid-" + saleId,
        ["conversionDateTime"] = "2026-01-02T13:45:00+01:00",
        ["value"] = 12.5m,
        ["currency"] = "EUR",
    };

    public static string SaleId(string prefix, int i) => prefix + "-" + i.ToString("D6", CultureInfo.InvariantCulture);
}
