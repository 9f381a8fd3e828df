using Courier.Functions.Hosting;
using Courier.Functions.Observability;

namespace Courier.Functions.Tests.Observability;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCourierTelemetry_NoConnectionString_ExportsNothingAndSamplesNothing()
    {
        var builder = CourierHost.CreateBuilder([], new Dictionary<string, string?> { [CourierHost.LocalSettingsPathSetting] = "", ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "" });

        Assert.DoesNotContain(builder.Services, d => d.ServiceType.Assembly.GetName().Name == "Azure.Monitor.OpenTelemetry.Exporter" || d.ImplementationType?.Assembly.GetName().Name == "Azure.Monitor.OpenTelemetry.Exporter");
        Assert.DoesNotContain(builder.Services, d => d.ImplementationType == typeof(TelemetrySampler));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(CourierTelemetry));
    }

    [Fact]
    public void AddCourierTelemetry_ConnectionString_AddsTheAzureMonitorExporterAndTheSampler()
    {
        var builder = CourierHost.CreateBuilder([], new Dictionary<string, string?>
        {
            [CourierHost.LocalSettingsPathSetting] = "",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        Assert.Contains(builder.Services, d => d.ImplementationType == typeof(TelemetrySampler));
        Assert.Contains(builder.Services, d => (d.ImplementationType ?? d.ServiceType).Assembly.GetName().Name == "Azure.Monitor.OpenTelemetry.Exporter");
    }
}
