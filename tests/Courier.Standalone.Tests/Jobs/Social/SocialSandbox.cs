using System.Net.Http.Json;
using Courier.Sandbox;
using Courier.Sandbox.Control;
using Courier.Sandbox.Meta;
using Microsoft.AspNetCore.Builder;

namespace Courier.Standalone.Tests.Jobs.Social;

/// <summary>The provider sandbox on a free loopback port, one per test class; tests keep apart by page id, not by resets.</summary>
public sealed class SocialSandbox : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    /// <summary>The Courier settings that point the Meta client at this sandbox.</summary>
    public Dictionary<string, string?> MetaSettings() => new()
    {
        ["Meta:BaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
        ["Meta:ApiVersion"] = "v25.0",
    };

    /// <summary>A page (and its Instagram account) with a Page token, unique to the calling test.</summary>
    public async Task<TestPage> PageAsync()
    {
        var page = TestPage.Create();
        await PostAsync("_sandbox/meta/pages", new { pageId = page.PageId, accessToken = page.Token, instagramUserId = page.InstagramUserId });
        return page;
    }

    public Task SettingsAsync(int containerPollsInProgress, int publishingLimitPer24Hours = 50) =>
        PostAsync("_sandbox/meta/settings", new { containerPollsInProgress, publishingLimitPer24Hours });

    /// <summary>Write calls for one page or its Instagram account, in arrival order.</summary>
    public async Task<IReadOnlyList<MetaCall>> CallsForAsync(TestPage page) =>
        [.. (await Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName)).Where(c => c.Target == page.PageId || c.Target == page.InstagramUserId).OrderBy(c => c.Sequence)];

    public async Task PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
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
