using Courier.Hosting.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Courier.Hosting.Http;

/// <summary>
/// Fills <c>Request.RouteValues</c> from a catalog route when the host has not (a function invoked directly), so API
/// handlers read route values the same way in both hosts.
/// </summary>
public static class RouteValuesBinder
{
    public static void Bind(HttpContext context, CatalogEntry entry)
    {
        if (entry.Route is null || !entry.Route.Contains('{', StringComparison.Ordinal)) return;
        var values = context.Request.RouteValues;
        var template = TemplateParser.Parse(entry.Route);
        if (template.Parameters.All(p => values.ContainsKey(p.Name!))) return;
        var matched = new RouteValueDictionary();
        if (new TemplateMatcher(template, new RouteValueDictionary()).TryMatch(context.Request.Path, matched))
        {
            foreach (var (key, value) in matched) values[key] = value;
        }
    }
}
