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
        Assert.Equal(["partner-delivery-run-pending", "process-offline-conversions", "recover-processing"], host.Services.GetServices<CourierJobRegistration>().Select(r => r.Name).Order());
    }
}
