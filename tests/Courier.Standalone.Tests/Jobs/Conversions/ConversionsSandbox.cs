using System.Net.Http.Json;
using Courier.Sandbox;
using Courier.Sandbox.Control;
using Courier.Sandbox.GoogleAds;
using Microsoft.AspNetCore.Builder;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>The provider sandbox on a free loopback port, one per test class; tests keep apart by customer id and conversion action, not by resets.</summary>
public sealed class ConversionsSandbox : IAsyncLifetime
{
    public const string UploadLedger = "ads.upload";
    public const string TokenLedger = "oauth.token";
    public const string DefaultSunsetVersions = "v19,v20,v21,v22";

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

    /// <summary>The token-endpoint calls made with one OAuth client id.</summary>
    public async Task<IReadOnlyList<Courier.Sandbox.Google.OAuthTokenCall>> TokenCallsForAsync(string clientId) =>
        (await Control.GetLedgerAsync<Courier.Sandbox.Google.OAuthTokenCall>(TokenLedger)).Where(c => c.ClientId == clientId).ToList();

    /// <summary>Makes Google refuse one refresh token from now on (400 invalid_grant).</summary>
    public async Task RevokeRefreshTokenAsync(string refreshToken)
    {
        using var response = await Http.PostAsync("/_sandbox/google/revoke-refresh-token", JsonContent.Create(new { refresh_token = refreshToken }));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sets the versions Google refuses with UNSUPPORTED_VERSION (for example "v19-v22,v24").</summary>
    public async Task SetSunsetVersionsAsync(string sunset)
    {
        using var response = await Http.PostAsync("/_sandbox/google-ads/versions", JsonContent.Create(new { sunset }));
        response.EnsureSuccessStatusCode();
    }

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
