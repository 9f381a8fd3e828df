using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Courier.Hosting.Observability;

/// <summary>
/// OpenTelemetry wiring: Courier's source and meter (a span per run, run duration, items by outcome, queue depth, circuit
/// state) plus ASP.NET Core and HttpClient instrumentation (a span per request and per provider call), exported to Azure
/// Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, else to the console unless
/// <c>Telemetry:ConsoleExporter</c> is false. Returns the builder so a host adds its own parts (the worker's Functions defaults).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ConsoleExporterSetting = "Telemetry:ConsoleExporter";

    public static IServiceCollection AddCourierTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
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
        else if (ExportsToConsole(configuration))
        {
            // Nothing to send to: spans and metrics go to the console (the host's log), so a local run still shows them.
            otel.WithTracing(t => t.AddConsoleExporter()).WithMetrics(m => m.AddConsoleExporter());
        }

        return services;
    }

    /// <summary>Where telemetry goes: Azure Monitor with a connection string; else the console, unless <c>Telemetry:ConsoleExporter</c> is false.</summary>
    public static bool ExportsToConsole(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting])
        && !string.Equals(configuration[ConsoleExporterSetting], "false", StringComparison.OrdinalIgnoreCase);
}
