using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Courier.Hosting.Observability;

/// <summary>OpenTelemetry wiring: Courier's source and meter plus ASP.NET Core and HttpClient instrumentation, exported to Azure Monitor only when a connection string is set.</summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IServiceCollection AddCourierTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CourierTelemetry>();
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("courier"))
            .WithTracing(t => t.AddSource(CourierTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddMeter(CourierTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());

        var connectionString = configuration[ConnectionStringSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            otel.UseAzureMonitorExporter(o => o.ConnectionString = connectionString);
            // Gauges are read from storage; only worth sampling when something exports them.
            services.AddHostedService<TelemetrySampler>();
        }

        return services;
    }
}
