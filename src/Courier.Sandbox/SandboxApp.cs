using Courier.Sandbox.Airtable;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;
using Courier.Sandbox.Google;
using Courier.Sandbox.GoogleAds;
using Courier.Sandbox.Meta;
using Courier.Sandbox.Sheets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Courier.Sandbox;

/// <summary>Builds and starts the sandbox, from its own Program or in-process from tests of any project.</summary>
public static class SandboxApp
{
    public const string DefaultUrl = "http://127.0.0.1:7080";

    /// <summary>Builds the app; <c>--urls</c> (or ASPNETCORE_URLS) chooses the address, else <see cref="DefaultUrl"/>.</summary>
    /// <param name="configureServices">Runs after the sandbox's own registrations, for example to swap in a FakeTimeProvider.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SandboxApp).Assembly.GetName().Name,
            // The binary's folder, not the caller's working directory, so an in-process start never reads a test project's settings.
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => SandboxJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();

        // One line per provider: each folder registers its state and ledger, then maps its routes below.
        builder.Services.AddSandboxControl();
        builder.Services.AddGoogleOAuth();
        builder.Services.AddGoogleAds();
        builder.Services.AddSheets();
        builder.Services.AddMeta();
        builder.Services.AddAirtable();
        builder.Services.AddDrive();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSandboxControl();
        app.MapGoogleOAuth();
        app.MapGoogleAds();
        app.MapSheets();
        app.MapMeta();
        app.MapAirtable();
        app.MapDrive();
        return app;
    }

    /// <summary>Starts the sandbox in-process on <paramref name="url"/> (port 0 picks a free one); read the bound address with <see cref="GetBaseAddress"/>.</summary>
    public static async Task<WebApplication> StartAsync(
        string url = "http://127.0.0.1:0", Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var app = Build(["--urls", url, "--Logging:LogLevel:Default=Warning"], configureServices);
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>The address the running app actually listens on, with a trailing slash (for HttpClient.BaseAddress).</summary>
    public static Uri GetBaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The sandbox is not listening yet; call StartAsync first.");
        return new Uri(address.TrimEnd('/') + "/");
    }
}
