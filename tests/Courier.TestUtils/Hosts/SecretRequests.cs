using System.Net.Http.Headers;
using Courier.Hosting.Catalog;

namespace Courier.TestUtils.Hosts;

/// <summary>Builds requests that present a secret on one carrier: "header" (the route's named header), "bearer" or "query".</summary>
public static class SecretRequests
{
    public static IEnumerable<string> CarriersOf(FunctionAuth auth)
    {
        if (auth.HeaderName is not null) yield return "header";
        if (auth.AcceptsBearer) yield return "bearer";
        if (auth.AcceptsQuery) yield return "query";
    }

    public static HttpRequestMessage Build(CatalogEntry entry, string method, string? carrier, string? secret, string? query = null)
    {
        var uri = entry.Path.Replace("{id}", "a1", StringComparison.Ordinal) + (query is null ? "" : "?" + query);
        if (carrier == "query") uri += (query is null ? "?" : "&") + "secret=" + Uri.EscapeDataString(secret ?? "");
        var request = new HttpRequestMessage(new HttpMethod(method), uri);
        switch (carrier)
        {
            case "header":
                request.Headers.TryAddWithoutValidation(entry.Auth.HeaderName ?? "x-cron-secret", secret);
                break;
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                break;
        }

        if (method is "POST") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }
}
