using Courier.Functions.Tests.Support;
using Courier.Functions.Worker;
using Courier.Hosting.Jobs;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Tests.Worker;

/// <summary>The worker's real wiring (what Program runs) resolves every function class, the middleware and every job.</summary>
public sealed class CourierWorkerTests
{
    [Fact]
    public void CreateBuilder_AsProgramRunsIt_ResolvesEveryFunctionClassAndJob()
    {
        var builder = CourierWorker.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(CourierTestHost.DefaultSettings());
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true")]);
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<CourierHttpMiddleware>());
        foreach (var type in WorkerHarness.FunctionMethods.Values.Select(m => m.DeclaringType!).Distinct())
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        JobRegistrationVerifier.Verify(host.Services);
        Assert.Equal(["artifact-worker", "partner-delivery-run-pending", "process-offline-conversions", "recover-processing", "social-auto-poster-runner", "sync-write-back"], host.Services.GetServices<CourierJobRegistration>().Select(r => r.Name).Order());
    }

    [Fact]
    public void CreateBuilder_AddsTheFunctionsWorkerOpenTelemetryDefaults_SoWorkerSpansJoinTheHostsTrace()
    {
        var builder = CourierWorker.CreateBuilder([]);
        Assert.Contains(builder.Services, d => (d.ImplementationType ?? d.ServiceType).Assembly.GetName().Name == "Microsoft.Azure.Functions.Worker.OpenTelemetry"
            || d.ImplementationFactory?.Method.DeclaringType?.Assembly.GetName().Name == "Microsoft.Azure.Functions.Worker.OpenTelemetry");
        var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Courier.TestUtils.Repository.RepoRoot.Path, "host.json")));
        Assert.Equal("OpenTelemetry", hostJson.RootElement.GetProperty("telemetryMode").GetString());
    }
}
