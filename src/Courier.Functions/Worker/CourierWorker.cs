using Courier.Hosting.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;

namespace Courier.Functions.Worker;

/// <summary>The isolated worker's builder, as Program runs it: ASP.NET Core integration, Courier's middleware, storage and every job.</summary>
public static class CourierWorker
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<CourierHttpMiddleware>();
        builder.Services
            .AddCourierWorker(builder.Configuration)
            .AddCourierStorage(builder.Configuration)
            .AddCourierJobs(builder.Configuration);
        builder.Logging.AddCourierWorkerLogging();
        // The worker's spans join the Functions host's trace of the invocation (host.json "telemetryMode": "OpenTelemetry"),
        // on top of Courier's own sources, meters and exporters (AddCourierTelemetry).
        builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        return builder;
    }
}
