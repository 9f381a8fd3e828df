using System.Net.Http.Headers;
using System.Text;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Reliability.Tests.Storms;

/// <summary>Starts a Courier host with one job wired as Program wires it, on Azurite and a fake clock; sends authenticated requests.</summary>
public static class StormHosts
{
    public static Task<CourierTestHost> StartAsync(AzuriteFixture azurite, Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> addJob, TimeProvider time) =>
        StartAsync(azurite.ConnectionString, settings, addJob, time);

    public static Task<CourierTestHost> StartAsync(string storageConnection, Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> addJob, TimeProvider time)
    {
        var effective = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in settings) effective[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        return CourierTestHost.StartAsync(
            settings,
            services =>
            {
                addJob(services, configuration);
                services.AddSingleton(time);
            },
            storageConnection);
    }

    public static async Task<(int Status, string Body)> SendAsync(CourierTestHost host, string path, string secret, string? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task SendOkAsync(CourierTestHost host, string path, string secret, string body)
    {
        var (status, text) = await SendAsync(host, path, secret, body);
        Assert.True(status is >= 200 and < 300, $"{path}: {status} {text}");
    }
}
