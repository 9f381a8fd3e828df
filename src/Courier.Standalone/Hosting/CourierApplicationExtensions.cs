using Courier.Hosting.Catalog;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Standalone.Hosting;

/// <summary>The standalone host's middleware and routes, in one call from Program.</summary>
public static partial class CourierApplicationExtensions
{
    /// <summary>
    /// Adds problem details and the redacted request log, then maps every HTTP function of the catalog at its route and
    /// methods: the shared gate (<see cref="HttpFunctionGate"/>) first, then the shared handler, exactly as the worker does.
    /// </summary>
    public static WebApplication MapCourier(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseRouting();
        app.MapCatalogFunctions();

        if (!app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.RequireSecret)
            LogRequireSecretIgnored(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CourierApplicationExtensions)));
        return app;
    }

    /// <summary>One endpoint per catalog HTTP function, named after it.</summary>
    public static IEndpointRouteBuilder MapCatalogFunctions(this IEndpointRouteBuilder endpoints)
    {
        foreach (var entry in JobCatalog.HttpFunctions)
        {
            endpoints.MapMethods(entry.Path, entry.Methods, (RequestDelegate)(context => InvokeAsync(context, entry)))
                .WithDisplayName(entry.Name);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext context, CatalogEntry entry)
    {
        var services = context.RequestServices;
        var result = services.GetRequiredService<HttpFunctionGate>().Check(context, entry)
            ?? await services.GetRequiredService<HttpFunctionHandlers>().InvokeAsync(entry, context).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2002, EventName = "require_secret_ignored", Level = LogLevel.Warning,
        Message = "Http:RequireSecret=false is ignored standalone: function keys exist only under the Functions host, so a secret is always required here")]
    private static partial void LogRequireSecretIgnored(ILogger logger);
}
