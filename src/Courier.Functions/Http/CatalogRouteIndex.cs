using Courier.Functions.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Courier.Functions.Http;

/// <summary>Finds the catalog function an endpoint serves, by route pattern and method.</summary>
public static class CatalogRouteIndex
{
    private static readonly Dictionary<(string Method, string Route), CatalogEntry> ByRoute = JobCatalog.Entries
        .Where(e => e.Kind == FunctionKind.Http)
        .SelectMany(e => e.Methods.Select(m => (Key: (m, Normalize(e.Route!)), Entry: e)))
        .ToDictionary(x => x.Key, x => x.Entry);

    public static CatalogEntry? Find(string method, string routePattern) =>
        ByRoute.GetValueOrDefault((method.ToUpperInvariant(), Normalize(routePattern)));

    /// <summary>The catalog function of <paramref name="endpoint"/> for the request's method, or null for routes outside the catalog.</summary>
    public static CatalogEntry? Find(Endpoint? endpoint, string method) =>
        endpoint is RouteEndpoint route && route.RoutePattern.RawText is { } raw ? Find(method, raw) : null;

    /// <summary>The methods an endpoint accepts (empty for any method).</summary>
    public static IReadOnlyList<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];

    public static string Normalize(string route) => route.Trim('/').ToLowerInvariant();
}
