using Courier.Standalone.Hosting;
using Courier.Hosting.Observability;

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
}
