using Courier.Standalone.Hosting;
using Courier.Hosting.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Observability;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCourierTelemetry_NoConnectionString_ExportsNothingAndSamplesNothing()
    {
        var builder = StandaloneHost.CreateBuilder([], new Dictionary<string, string?> { [StandaloneHost.LocalSettingsPathSetting] = "", ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "" });

        Assert.DoesNotContain(builder.Services, d => d.ServiceType.Assembly.GetName().Name == "Azure.Monitor.OpenTelemetry.Exporter" || d.ImplementationType?.Assembly.GetName().Name == "Azure.Monitor.OpenTelemetry.Exporter");
        Assert.DoesNotContain(builder.Services, d => d.ImplementationType == typeof(TelemetrySampler));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(CourierTelemetry));
    }

    [Fact]
    public void AddCourierTelemetry_ConnectionString_AddsTheAzureMonitorExporterAndTheSampler()
    {
        var builder = StandaloneHost.CreateBuilder([], new Dictionary<string, string?>
        {
            [StandaloneHost.LocalSettingsPathSetting] = "",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        Assert.Contains(builder.Services, d => d.ImplementationType == typeof(TelemetrySampler));
        Assert.Contains(builder.Services, d => (d.ImplementationType ?? d.ServiceType).Assembly.GetName().Name == "Azure.Monitor.OpenTelemetry.Exporter");
    }

    [Theory]
    [InlineData("", null, true)]
    [InlineData("", "true", true)]
    [InlineData("", "false", false)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000", null, false)]
    public void Telemetry_GoesToTheConsoleOnlyWithoutAzureMonitorAndUnlessTurnedOff(string connection, string? setting, bool console)
    {
        var settings = new Dictionary<string, string?>
        {
            [StandaloneHost.LocalSettingsPathSetting] = "",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connection,
            [TelemetryServiceCollectionExtensions.ConsoleExporterSetting] = setting,
        };
        var builder = StandaloneHost.CreateBuilder([], settings);
        Assert.Equal(console, TelemetryServiceCollectionExtensions.ExportsToConsole(builder.Configuration));
        // Either way the providers build (the exporters are valid as configured).
        using var app = builder.Build();
        Assert.NotNull(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public async Task ARun_LogsWithinAScopeNamingTheJobAndTheRunId()
    {
        await using var host = await Courier.TestUtils.Hosts.CourierTestHost.StartAsync(services: s => s.AddRecovery());
        using var run = await host.Client.SendAsync(Courier.TestUtils.Hosts.SecretRequests.Build(Courier.Hosting.Catalog.JobCatalog.TwinOf("recover-processing")!, "POST", "bearer", Courier.TestUtils.Hosts.TestSecrets.Cron));
        run.EnsureSuccessStatusCode();

        var finished = Assert.Single(host.Logs.Lines, l => l.Contains("[run_finished]", StringComparison.Ordinal));
        Assert.Contains("Job=recover-processing RunId=", finished, StringComparison.Ordinal);
    }
}
