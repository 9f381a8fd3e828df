using Courier.Functions.Catalog;
using Microsoft.AspNetCore.Builder;

namespace Courier.Functions.Http;

/// <summary>Auth helpers for routes that jobs map themselves (producer and query APIs).</summary>
public static class SecretEndpointConventions
{
    /// <summary>
    /// Requires <c>Authorization: Bearer &lt;API_SECRET&gt;</c> (spec §6), so a scheduler's secret cannot enqueue work.
    /// Works on a single route or a whole <c>RouteGroupBuilder</c>. An empty API_SECRET disables the routes (404).
    /// </summary>
    public static TBuilder RequireApiSecret<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SecretRequirement(null, FunctionAuth.ApiSecret));

    /// <summary>Applies the auth of catalog function <paramref name="function"/> (its secret setting and carriers, and its Disabled switch).</summary>
    public static TBuilder RequireCatalogAuth<TBuilder>(this TBuilder builder, string function)
        where TBuilder : IEndpointConventionBuilder
    {
        var entry = JobCatalog.Find(function) ?? throw new ArgumentException($"'{function}' is not a catalog function.", nameof(function));
        return builder.WithMetadata(new SecretRequirement(entry.Name, entry.Auth));
    }
}
