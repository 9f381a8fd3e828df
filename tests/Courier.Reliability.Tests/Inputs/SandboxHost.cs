using Courier.Sandbox;
using Courier.Sandbox.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>The provider sandbox in this process on a free loopback port, with its control client; tests keep apart by ids, not by resets.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxHost(WebApplication app)
    {
        _app = app;
        BaseAddress = SandboxApp.GetBaseAddress(app);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Control = new SandboxControlClient(Http);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public SandboxControlClient Control { get; }

    /// <summary>The access tokens the sandbox's token endpoint has issued.</summary>
    public IReadOnlyCollection<string> IssuedAccessTokens => _app.Services.GetRequiredService<Courier.Sandbox.Google.GoogleOAuthState>().Issued;

    public static async Task<SandboxHost> StartAsync() => new(await SandboxApp.StartAsync());

    /// <summary>Settings pointing Courier's Google Ads client here (keys as in configuration: <c>GoogleAds:BaseUrl</c>).</summary>
    public Dictionary<string, string?> GoogleAdsSettings() => new()
    {
        ["GoogleAds:BaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
        ["GoogleAds:TokenUrl"] = new Uri(BaseAddress, "token").ToString(),
    };

    /// <summary>Settings pointing every provider client here (Google Ads, Meta, Sheets, Airtable, Drive).</summary>
    public Dictionary<string, string?> AllProviderSettings()
    {
        var root = BaseAddress.ToString().TrimEnd('/');
        var settings = GoogleAdsSettings();
        settings["Meta:BaseUrl"] = root;
        settings["Sheets:BaseUrl"] = root;
        settings["Sheets:TokenUrl"] = new Uri(BaseAddress, "token").ToString();
        settings["Airtable:BaseUrl"] = BaseAddress.ToString();
        settings["Drive:BaseUrl"] = BaseAddress.ToString();
        settings["Drive:TokenUrl"] = new Uri(BaseAddress, "token").ToString();
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
