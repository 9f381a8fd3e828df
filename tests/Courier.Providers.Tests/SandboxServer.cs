using Courier.Sandbox;
using Courier.Sandbox.Control;

namespace Courier.Providers.Tests;

/// <summary>The sandbox on a free loopback port, one per test class; provider clients under test talk to it over real HTTP.</summary>
public sealed class SandboxServer : IAsyncLifetime
{
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        app = await SandboxApp.StartAsync();
        BaseAddress = SandboxApp.GetBaseAddress(app);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Control = new SandboxControlClient(Http);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
