using Courier.Functions.Catalog;
using Courier.Functions.Handler;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Courier.Functions.Http;

/// <summary>
/// Start-up check that the mapped routes and the catalog agree: every catalog HTTP function has an endpoint, every
/// endpoint is a catalog function (else the Functions host would never forward it), and each carries its catalog auth.
/// </summary>
public static class EndpointCatalogVerifier
{
    public static void Verify(IEndpointRouteBuilder endpoints)
    {
        var routes = endpoints.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HostProtocolEndpoint>() is null)
            .ToList();
        var errors = new List<string>();

        foreach (var entry in JobCatalog.Entries.Where(e => e.Kind == FunctionKind.Http))
        {
            foreach (var method in entry.Methods)
            {
                if (!routes.Any(r => CatalogRouteIndex.Normalize(r.RoutePattern.RawText ?? "") == CatalogRouteIndex.Normalize(entry.Route!) && Accepts(r, method)))
                    errors.Add($"catalog function '{entry.Name}' ({method} {entry.Path}) has no endpoint; job '{entry.Job}' must map it.");
            }
        }

        foreach (var route in routes)
        {
            var raw = route.RoutePattern.RawText ?? "";
            if (CatalogRouteIndex.Normalize(raw).Length == 0) continue;
            var methods = CatalogRouteIndex.MethodsOf(route);
            foreach (var method in methods.Count == 0 ? ["*"] : methods)
            {
                var entry = CatalogRouteIndex.Find(method, raw);
                if (entry is null)
                {
                    errors.Add($"endpoint {method} /{CatalogRouteIndex.Normalize(raw)} is not in the catalog, so the Functions host would not forward it; add it to JobCatalog.");
                    continue;
                }

                var requirement = route.Metadata.GetMetadata<SecretRequirement>();
                if (entry.Auth.Kind != AuthKind.Anonymous && requirement?.Auth != entry.Auth)
                    errors.Add($"endpoint {method} {entry.Path} must carry the auth of catalog function '{entry.Name}' (.RequireApiSecret() or .RequireCatalogAuth(\"{entry.Name}\")).");
            }
        }

        if (errors.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    private static bool Accepts(RouteEndpoint endpoint, string method)
    {
        var methods = CatalogRouteIndex.MethodsOf(endpoint);
        return methods.Count == 0 || methods.Contains(method, StringComparer.OrdinalIgnoreCase);
    }
}
