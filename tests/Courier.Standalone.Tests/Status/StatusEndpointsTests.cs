using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Recovery;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Status;

[Collection(AzuriteFixture.Collection)]
public sealed class StatusEndpointsTests(AzuriteFixture azurite)
{
    private static readonly QueueDefinition TestQueue = new("statusq", "recover-processing", 3, new Dictionary<QueueState, string> { [QueueState.Queued] = "PENDING", [QueueState.Unknown] = "UNKNOWN" });

    private Task<CourierTestHost> StartAsync(Dictionary<string, string?>? settings = null, string[]? args = null) =>
        CourierTestHost.StartAsync(settings, s => s.AddSingleton(TestQueue).AddRecovery(), azurite.ConnectionString, args);

    [Fact]
    public async Task Healthz_NoAuth_AnswersOkWithoutDetail()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiStatus_WithApiSecret_ReportsEveryJobWithRunsQueuesAndCircuits()
    {
        await using var host = await StartAsync();
        await host.Services.GetRequiredService<WorkQueue>().EnqueueAsync(TestQueue.Name, "item-1", "{}");
        await host.Services.GetRequiredService<ICircuitStore>().TryWriteAsync(CircuitRecord.ClosedFor(new CircuitKey("site-1", "google_ads"), 5) with { State = CircuitState.Open, OpenCount = 1 }, default);
        using (var run = await host.Client.SendAsync(SecretRequests.Build(Courier.Hosting.Catalog.JobCatalog.TwinOf("recover-processing")!, "POST", "bearer", TestSecrets.Cron)))
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("standalone", root.GetProperty("mode").GetString());
        var jobs = root.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(6, jobs.Count);
        var recovery = jobs.Single(j => j.GetProperty("job").GetString() == "recover-processing");
        Assert.True(recovery.GetProperty("built").GetBoolean());
        Assert.Equal("0 */30 * * * *", recovery.GetProperty("schedule").GetString());
        Assert.Equal("http", recovery.GetProperty("lastRun").GetProperty("trigger").GetString());
        Assert.Equal("succeeded", recovery.GetProperty("lastRun").GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.String, recovery.GetProperty("nextFire").ValueKind);
        var queue = Assert.Single(recovery.GetProperty("queues").EnumerateArray());
        Assert.Equal("statusq", queue.GetProperty("queue").GetString());
        Assert.Equal(1, queue.GetProperty("depth").GetProperty("PENDING").GetInt32());
        Assert.Equal(0, queue.GetProperty("depth").GetProperty("Processing").GetInt32());
        Assert.Equal(0, queue.GetProperty("unknown").GetInt32());
        Assert.Equal(JsonValueKind.Number, queue.GetProperty("oldestDueAgeSeconds").ValueKind);
        var social = jobs.Single(j => j.GetProperty("job").GetString() == "social-auto-poster-runner");
        Assert.False(social.GetProperty("built").GetBoolean());
        Assert.Equal(JsonValueKind.Null, social.GetProperty("lastRun").ValueKind);
        var circuit = Assert.Single(root.GetProperty("circuits").EnumerateArray());
        Assert.Equal("OPEN", circuit.GetProperty("state").GetString());
        Assert.Equal("google_ads", circuit.GetProperty("providerKey").GetString());
    }

    [Fact]
    public async Task StatusPage_NotSignedIn_Answers401WithTheSignInForm()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.GetAsync("/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"/status/login\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("recover-processing", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusLogin_RightSecret_SetsAStrictHttpOnlyCookieThatOpensThePage()
    {
        await using var host = await StartAsync();

        using var wrong = await host.Client.PostAsync("/status/login", new FormUrlEncodedContent([new("secret", "nope")]));
        using var login = await host.Client.PostAsync("/status/login", new FormUrlEncodedContent([new("secret", TestSecrets.Api)]));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/status", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestSecrets.Api, cookie, StringComparison.Ordinal);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/status");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var response = await host.Client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("recover-processing", html, StringComparison.Ordinal);
        Assert.Contains("not built yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task StatusPage_Bearer_OpensThePage()
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StatusPage_DevelopmentOnLoopback_NeedsNoSecret()
    {
        await using var host = await StartAsync(args: ["--environment", "Development"]);

        using var response = await host.Client.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StatusPage_ApiSecretUnset_Answers404()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["API_SECRET"] = "" });

        using var page = await host.Client.GetAsync("/status");
        using var login = await host.Client.PostAsync("/status/login", new FormUrlEncodedContent([new("secret", "")]));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }
}
