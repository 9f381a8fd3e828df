using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox;

namespace Courier.Sandbox.Tests;

public sealed class SandboxAppTests
{
    [Fact]
    public async Task StartAsync_PortZero_BindsFreeLoopbackPortAndAnswersHealth()
    {
        await using var app = await SandboxApp.StartAsync();
        var baseAddress = SandboxApp.GetBaseAddress(app);
        using var http = new HttpClient { BaseAddress = baseAddress };

        var health = await http.GetFromJsonAsync<JsonObject>("_sandbox/health");

        Assert.Equal("127.0.0.1", baseAddress.Host);
        Assert.NotEqual(0, baseAddress.Port);
        Assert.True(health!["ok"]!.GetValue<bool>());
        Assert.Contains("ads.upload", health["routes"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("oauth.token", health["ledgers"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Build_NoUrls_UsesDefaultUrl()
    {
        await using var app = SandboxApp.Build([]);

        Assert.Equal(SandboxApp.DefaultUrl, app.Configuration["urls"]);
    }
}
