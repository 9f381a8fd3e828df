using System.Net;
using System.Net.Sockets;
using Courier.Standalone.Hosting;
using Courier.Storage.Scheduling;
using Courier.TestUtils.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.TestUtils.Hosts;

/// <summary>
/// Courier built the way Program builds it, on real Kestrel on a free loopback port, with test settings, captured
/// logs, and either Azurite storage or in-memory stores.
/// </summary>
public sealed class CourierTestHost : IAsyncDisposable
{
    private CourierTestHost(WebApplication app, CapturingLoggerProvider logs, Uri address)
    {
        App = app;
        Logs = logs;
        // No cookie jar and no redirects: tests see exactly what a response sets.
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public CapturingLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    /// <summary>Settings every test host starts from: known secrets, no scheduler, no local.settings.json, a generous twin limit.</summary>
    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        [StandaloneHost.LocalSettingsPathSetting] = "",
        ["urls"] = "http://127.0.0.1:0",
        ["Scheduling:Enabled"] = "false",
        ["Runs:InstanceId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
        ["CRON_SECRET"] = TestSecrets.Cron,
        ["RUN_PENDING_DELIVERIES_SECRET"] = TestSecrets.Deliveries,
        ["API_SECRET"] = TestSecrets.Api,
        ["VAULT_KEY"] = TestSecrets.VaultKey,
        ["Http:TwinRateLimitPerMinute"] = "1000",
        // Spans and metrics on the console would bury the test output.
        ["Telemetry:ConsoleExporter"] = "false",
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
    };

    /// <summary>Builds and starts a host.</summary>
    /// <param name="settings">Settings on top of <see cref="DefaultSettings"/>; a null value removes a default.</param>
    /// <param name="services">Extra wiring (jobs, fakes), applied after storage.</param>
    /// <param name="storageConnection">Azurite connection string; null for in-memory stores.</param>
    /// <param name="args">Command-line arguments.</param>
    public static async Task<CourierTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? storageConnection = null,
        string[]? args = null)
    {
        var all = DefaultSettings();
        if (storageConnection is not null)
        {
            all["AzureWebJobsStorage"] = storageConnection;
            all["Storage:TablePrefix"] = Courier.TestUtils.Azurite.AzuriteFixture.NewTablePrefix();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null) all.Remove(key);
            else all[key] = value;
        }

        var builder = StandaloneHost.CreateBuilder(args ?? [], all);
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        if (storageConnection is not null)
        {
            builder.Services.AddCourierStorage(builder.Configuration).AddCourierSchedulingStorage();
        }
        else
        {
            builder.Services.AddInMemoryStores();
        }

        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCourier();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CourierTestHost(app, logs, new Uri(address));
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the host, then fails the test if any captured log line holds a <see cref="KnownSecrets">known secret</see>.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        KnownSecrets.AssertNone(Logs.Lines, "the host's logs");
    }
}
