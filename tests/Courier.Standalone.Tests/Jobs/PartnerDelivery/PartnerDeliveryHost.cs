using Courier.Hosting.Jobs.PartnerDelivery;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;

namespace Courier.Standalone.Tests.Jobs.PartnerDelivery;

/// <summary>Starts Courier with the partner delivery job wired as Program wires it, on Azurite, talking to the sandbox, and calls its twin.</summary>
public static class PartnerDeliveryHost
{
    public static Task<CourierTestHost> StartAsync(AzuriteFixture azurite, Dictionary<string, string?> settings, string? tablePrefix = null)
    {
        if (tablePrefix is not null) settings["Storage:TablePrefix"] = tablePrefix;
        var effective = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in settings)
        {
            if (value is null) effective.Remove(key);
            else effective[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        return CourierTestHost.StartAsync(settings, services => services.AddPartnerDelivery(configuration), azurite.ConnectionString);
    }

    /// <summary>Runs the twin (<c>POST /api/internal/run-pending-deliveries</c>) and returns the status and report.</summary>
    public static async Task<(int Status, System.Text.Json.Nodes.JsonObject Report)> RunAsync(CourierTestHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + PartnerDeliveryJob.TwinRoute);
        request.Headers.TryAddWithoutValidation("x-run-pending-deliveries-secret", TestSecrets.Deliveries);
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject());
    }
}
