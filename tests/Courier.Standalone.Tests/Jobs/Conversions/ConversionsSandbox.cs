using Courier.Sandbox;
using Courier.Sandbox.Control;
using Courier.Sandbox.GoogleAds;
using Microsoft.AspNetCore.Builder;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>The provider sandbox on a free loopback port, one per test class; tests keep apart by customer id and conversion action, not by resets.</summary>
public sealed class ConversionsSandbox : IAsyncLifetime
{
    public const string UploadLedger = "ads.upload";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    /// <summary>The Courier settings that point the Google Ads client at this sandbox.</summary>
    public Dictionary<string, string?> GoogleAdsSettings() => new()
    {
        ["GoogleAds:BaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
        ["GoogleAds:TokenUrl"] = new Uri(BaseAddress, "token").ToString(),
    };

    /// <summary>The upload calls made for one customer id, in the order they arrived.</summary>
    public async Task<IReadOnlyList<AdsUploadCall>> UploadsForAsync(string customerId) =>
        (await Control.GetLedgerAsync<AdsUploadCall>(UploadLedger)).Where(c => c.CustomerId == customerId).OrderBy(c => c.Sequence).ToList();

    public async Task InitializeAsync()
    {
        _app = await SandboxApp.StartAsync();
        BaseAddress = SandboxApp.GetBaseAddress(_app);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Control = new SandboxControlClient(Http);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
