using Courier.Core.Jobs;
using Courier.Functions.Handler;
using Courier.Functions.Http;
using Courier.Functions.Jobs;
using Courier.Functions.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Functions.Hosting;

/// <summary>The host's middleware and routes, in one call from Program.</summary>
public static partial class CourierApplicationExtensions
{
    /// <summary>
    /// Adds problem details, the redacted request log, the twin rate limit and secret checks, then maps every catalog
    /// route (twins, status, health, the jobs' own APIs, 501 stubs for jobs not built) and, under the Functions host,
    /// the custom-handler protocol. Throws at start-up when jobs or routes disagree with the catalog.
    /// </summary>
    public static WebApplication MapCourier(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<HostingMode>();
        var dispatcher = app.Services.GetRequiredService<IJobDispatcher>();
        var registrations = app.Services.GetServices<CourierJobRegistration>().ToList();
        VerifyJobs(app.Services, registrations);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseMiddleware<SecretAuthMiddleware>();

        // The Functions host polls GET / until the handler answers; standalone it is a harmless landing answer.
        app.MapGet("/", () => Results.Json(new { name = "courier", mode = mode.Name })).WithMetadata(HostProtocolEndpoint.Instance);
        if (mode.UnderFunctionsHost) app.MapCustomHandler();
        app.MapTwins();
        app.MapStatus();
        foreach (var registration in registrations)
        {
            foreach (var map in registration.Endpoints) map(app);
        }

        app.MapUnbuiltApis(dispatcher);
        EndpointCatalogVerifier.Verify(app);

        if (!mode.UnderFunctionsHost && !app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.RequireSecret)
            LogRequireSecretIgnored(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CourierApplicationExtensions)));
        return app;
    }

    /// <summary>Each registered job must resolve, and its processor's Name must be the name it was registered under.</summary>
    private static void VerifyJobs(IServiceProvider services, IReadOnlyList<CourierJobRegistration> registrations)
    {
        using var scope = services.CreateScope();
        foreach (var registration in registrations)
        {
            var job = scope.ServiceProvider.GetRequiredKeyedService<IJob>(registration.Name);
            if (job.Name != registration.Name)
                throw new InvalidOperationException($"job registered as '{registration.Name}' reports Name '{job.Name}'; they must match.");
        }
    }

    [LoggerMessage(EventId = 2002, EventName = "require_secret_ignored", Level = LogLevel.Warning,
        Message = "Http:RequireSecret=false is ignored standalone: it is honoured only under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set)")]
    private static partial void LogRequireSecretIgnored(ILogger logger);
}
