using System.Text.Json.Nodes;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>A site with its own Google Ads customer, conversion action and distinctive secrets, so tests sharing a sandbox never meet.</summary>
public sealed record TestSite(string SiteId, string CustomerId, string ConversionAction, string DeveloperToken, string ClientId, string ClientSecret, string RefreshToken)
{
    private static long _next = Random.Shared.NextInt64(1_000_000_000, 8_000_000_000);

    /// <summary>The three secret values, for "never logged, never echoed, never stored in clear" checks.</summary>
    public IReadOnlyList<string> Secrets => [DeveloperToken, ClientSecret, RefreshToken];

    public static TestSite Create()
    {
        // Ten digits, all distinct: one customer id is never a substring of another, so PathContains faults hit one site only.
        var customerId = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tag = Guid.NewGuid().ToString("N")[..12];
        return new TestSite(
            $"site-{tag}",
            customerId,
            $"customers/{customerId}/conversionActions/{customerId[^4..]}",
            $"devtoken-Secret-{tag}",
            $"client-id-{tag}",
            $"client-Secret-{tag}",
            $"refresh-Secret-{tag}");
    }

    /// <summary>The credentials object of a seed-credentials request.</summary>
    public JsonObject Credentials() => new()
    {
        ["customer_id"] = CustomerId,
        ["developer_token"] = DeveloperToken,
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
        ["refresh_token"] = RefreshToken,
        ["conversion_action_resource_name"] = ConversionAction,
    };

    /// <summary>A valid <c>POST /api/conversions</c> body for this site.</summary>
    public JsonObject Sale(string saleId, string? gclid = null, decimal value = 12.5m, string? orderId = null)
    {
        var body = new JsonObject
        {
            ["siteId"] = SiteId,
            ["saleId"] = saleId,
            ["gclid"] = gclid ?? $"gclid-{saleId}",
            ["conversionDateTime"] = "2026-01-02T13:45:00+01:00",
            ["value"] = value,
            ["currency"] = "EUR",
        };
        if (orderId is not null) body["orderId"] = orderId;
        return body;
    }
}
