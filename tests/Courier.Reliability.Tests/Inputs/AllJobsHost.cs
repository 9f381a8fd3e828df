using Courier.Hosting.Hosting;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>A Courier host with all six jobs wired as Program wires them (<c>AddCourierJobs</c>), on Azurite, every provider pointed at the sandbox.</summary>
public static class AllJobsHost
{
    public static Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SandboxHost sandbox, string tablePrefix, string environment = "Development")
    {
        var settings = new Dictionary<string, string?>(sandbox.AllProviderSettings()) { ["environment"] = environment, ["Storage:TablePrefix"] = tablePrefix };
        var effective = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in settings) effective[key] = value;
        effective["AzureWebJobsStorage"] = azurite.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        return CourierTestHost.StartAsync(settings, services => services.AddCourierJobs(configuration), azurite.ConnectionString);
    }
}
