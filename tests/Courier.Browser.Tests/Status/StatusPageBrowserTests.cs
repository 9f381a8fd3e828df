using System.Net.Http.Headers;
using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Recovery;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Courier.Browser.Tests.Status;

/// <summary>
/// The status page in headless Chromium against a running standalone host on Azurite, with queued, failed and unknown items
/// and a held circuit: the figures it shows are those of <c>/api/status</c>; an operator signs in, runs a job with "Run now"
/// and re-drives the failed items; a screenshot is saved under the test output (screenshots/).
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StatusPageBrowserTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly QueueDefinition Queue = new("demo-queue", "recover-processing", 3, new Dictionary<QueueState, string>
    {
        [QueueState.Queued] = "PENDING", [QueueState.Processing] = "PROCESSING", [QueueState.Retry] = "RETRY",
        [QueueState.Completed] = "DONE", [QueueState.Failed] = "FAILED", [QueueState.Unknown] = "UNKNOWN",
    });

    [Fact]
    public async Task Operator_SeesTheApiFigures_SignsIn_RunsAJob_RedrivesFailedItems()
    {
        // Production-like: the page asks for the secret (no loopback pass).
        await using var host = await CourierTestHost.StartAsync(new Dictionary<string, string?> { ["environment"] = "Production" }, s => s.AddSingleton(Queue).AddRecovery(), azurite.ConnectionString);
        await SeedAsync(host);
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.Client.BaseAddress!.ToString() });

        var signIn = await page.GotoAsync("/status");
        Assert.Equal(401, signIn!.Status);
        await page.FillAsync("input[name=secret]", TestSecrets.Api);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("h1:text('Courier status')");
        Assert.Equal("/status", new Uri(page.Url).AbsolutePath);

        // Every figure the page shows is the API's.
        var api = await ApiStatusAsync(host);
        var shown = await FiguresAsync(page);
        Assert.NotEmpty(shown);
        foreach (var (figure, value) in shown) Assert.True(Depth(api, figure) == value, $"{figure}: page {value}, api {Depth(api, figure)}");
        Assert.Equal(3, shown["demo-queue/PENDING"]);
        Assert.Equal(2, shown["demo-queue/FAILED"]);
        Assert.Equal(1, shown["demo-queue/UNKNOWN"]);
        Assert.Equal(3, await page.Locator("tr[data-item^='demo-queue/']").CountAsync());
        Assert.Contains("HELD", await page.Locator("tr[data-circuit='site-7/google_ads'] [data-field=state]").InnerTextAsync(), StringComparison.Ordinal);

        // Run now: the job runs as its twin would, and the page says so.
        await page.Locator("tr[data-job='recover-processing'] button:text('Run now')").ClickAsync();
        await page.WaitForSelectorAsync("#notice");
        Assert.Contains("recover-processing: run", await page.InnerTextAsync("#notice"), StringComparison.Ordinal);
        Assert.Equal("http", (await ApiStatusAsync(host)).GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetString() == "recover-processing").GetProperty("lastRun").GetProperty("trigger").GetString());

        // Re-drive the failed items: they are queued again, and the figures follow.
        await page.Locator("tr[data-job='recover-processing'] button:text('Re-drive FAILED')").ClickAsync();
        await page.WaitForSelectorAsync("#notice:has-text('re-driven')");
        Assert.Contains("demo-queue: 2 FAILED item(s) re-driven", await page.InnerTextAsync("#notice"), StringComparison.Ordinal);
        var after = await FiguresAsync(page);
        Assert.Equal(5, after["demo-queue/PENDING"]);
        Assert.False(after.ContainsKey("demo-queue/FAILED"));
        var apiAfter = await ApiStatusAsync(host);
        foreach (var (figure, value) in after) Assert.Equal(Depth(apiAfter, figure), value);

        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "status-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 0);
        output.WriteLine($"screenshot: {file}");
    }

    private static async Task SeedAsync(CourierTestHost host)
    {
        var queue = host.Services.GetRequiredService<WorkQueue>();
        for (var i = 1; i <= 6; i++) await queue.EnqueueAsync(Queue.Name, $"item-{i}", "{}");
        var claimed = await queue.ClaimDueAsync(Queue.Name, "seed", 3, TimeSpan.FromMinutes(5));
        Assert.True((await queue.FailAsync(claimed[0], "INVALID_ROW: the partner folder does not exist")).Applied);
        Assert.True((await queue.FailAsync(claimed[1], "INVALID_ROW: the batch has no destination")).Applied);
        Assert.True((await queue.MarkUnknownAsync(claimed[2], "TIMEOUT: the post may have been published")).Applied);
        var breaker = host.Services.GetRequiredService<CircuitBreaker>();
        await breaker.HoldAsync(new CircuitKey("site-7", "google_ads"), "CREDENTIALS_REJECTED", "invalid_grant: token revoked", null);
    }

    private static async Task<JsonElement> ApiStatusAsync(CourierTestHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        using var response = await host.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The page's queue figures: <c>queue/STATE</c> → the number shown (only states with items are shown).</summary>
    private static async Task<Dictionary<string, int>> FiguresAsync(IPage page)
    {
        var figures = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var element in await page.Locator("[data-figure]").AllAsync())
            figures[(await element.GetAttributeAsync("data-figure"))!] = int.Parse(await element.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        return figures;
    }

    private static int Depth(JsonElement api, string figure)
    {
        var (queue, state) = (figure[..figure.IndexOf('/', StringComparison.Ordinal)], figure[(figure.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var row = api.GetProperty("jobs").EnumerateArray().SelectMany(j => j.GetProperty("queues").EnumerateArray()).Single(q => q.GetProperty("queue").GetString() == queue);
        return row.GetProperty("depth").GetProperty(state).GetInt32();
    }
}
