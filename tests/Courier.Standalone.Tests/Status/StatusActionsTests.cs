using System.Net;
using System.Text.RegularExpressions;
using Courier.Core.Circuits;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Recovery;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Status;

/// <summary>The status page's actions: the session cookie and the page's CSRF token are both needed; each action does what it says and reports it.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class StatusActionsTests(AzuriteFixture azurite)
{
    private static readonly QueueDefinition TestQueue = new("actionsq", "recover-processing", 3, new Dictionary<QueueState, string> { [QueueState.Queued] = "PENDING", [QueueState.Failed] = "FAILED", [QueueState.Unknown] = "UNKNOWN" });

    private Task<CourierTestHost> StartAsync() =>
        CourierTestHost.StartAsync(null, s => s.AddSingleton(TestQueue).AddRecovery(), azurite.ConnectionString);

    [GeneratedRegex("name=\"csrf\" value=\"([0-9a-f]+)\"")]
    private static partial Regex CsrfField();

    private static async Task<string> SignInAsync(CourierTestHost host)
    {
        using var login = await host.Client.PostAsync("/status/login", new FormUrlEncodedContent([new("secret", TestSecrets.Api)]));
        return login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetPageAsync(CourierTestHost host, string cookie, string path = "/status")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> ActAsync(CourierTestHost host, string? cookie, string action, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/status/actions/{action}") { Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))) };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await host.Client.SendAsync(request);
    }

    private static async Task<QueueItem> FailedItemAsync(CourierTestHost host, string id)
    {
        var queue = host.Services.GetRequiredService<WorkQueue>();
        await queue.EnqueueAsync(TestQueue.Name, id, "{}");
        var claimed = Assert.Single(await queue.ClaimDueAsync(TestQueue.Name, "test", 1, TimeSpan.FromMinutes(5)));
        Assert.True((await queue.FailAsync(claimed, "BAD_ROW: the row is wrong")).Applied);
        return (await queue.GetAsync(TestQueue.Name, id))!;
    }

    [Fact]
    public async Task Actions_WithoutTheSessionOrWithoutItsCsrfToken_AreRefused_AndChangeNothing()
    {
        await using var host = await StartAsync();
        await FailedItemAsync(host, "f1");
        var cookie = await SignInAsync(host);
        var other = await SignInAsync(host);
        var (_, page) = await GetPageAsync(host, other);
        var otherToken = CsrfField().Match(page).Groups[1].Value;

        using (var anonymous = await ActAsync(host, null, "redrive", ("queue", TestQueue.Name), ("state", "FAILED"), ("csrf", otherToken)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var missing = await ActAsync(host, cookie, "redrive", ("queue", TestQueue.Name), ("state", "FAILED")))
            Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        // Another session's token does not fit this session's cookie.
        using (var foreign = await ActAsync(host, cookie, "redrive", ("queue", TestQueue.Name), ("state", "FAILED"), ("csrf", otherToken)))
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        Assert.Equal(QueueState.Failed, (await host.Services.GetRequiredService<WorkQueue>().GetAsync(TestQueue.Name, "f1"))!.State);
    }

    [Fact]
    public async Task SignedIn_RunNow_Redrive_IsolateAndClose_EachDoesItAndTheNoticeSaysSo()
    {
        await using var host = await StartAsync();
        await FailedItemAsync(host, "f1");
        var key = new CircuitKey("site-9", "google_ads");
        await host.Services.GetRequiredService<ICircuitStore>().TryWriteAsync(CircuitRecord.ClosedFor(key, 5), default);
        var cookie = await SignInAsync(host);
        var (status, page) = await GetPageAsync(host, cookie);
        Assert.Equal(HttpStatusCode.OK, status);
        var csrf = CsrfField().Match(page).Groups[1].Value;
        Assert.NotEmpty(csrf);
        Assert.Contains("data-item=\"actionsq/f1\"", page, StringComparison.Ordinal);
        Assert.Contains("BAD_ROW: the row is wrong", page, StringComparison.Ordinal);

        using (var run = await ActAsync(host, cookie, "run", ("job", "recover-processing"), ("csrf", csrf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
            var (_, after) = await GetPageAsync(host, cookie, run.Headers.Location!.OriginalString);
            Assert.Contains("recover-processing: run ", after, StringComparison.Ordinal);
        }

        using (var redrive = await ActAsync(host, cookie, "redrive", ("queue", TestQueue.Name), ("state", "FAILED"), ("csrf", csrf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, redrive.StatusCode);
            Assert.Contains(Uri.EscapeDataString("actionsq: 1 FAILED item(s) re-driven"), redrive.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(QueueState.Queued, (await host.Services.GetRequiredService<WorkQueue>().GetAsync(TestQueue.Name, "f1"))!.State);

        using (var isolate = await ActAsync(host, cookie, "circuit", ("site", "site-9"), ("provider", "google_ads"), ("op", "isolate"), ("csrf", csrf)))
            Assert.Equal(HttpStatusCode.Redirect, isolate.StatusCode);
        Assert.True((await host.Services.GetRequiredService<ICircuitStore>().GetAsync(key, default))!.Isolated);
        using (var close = await ActAsync(host, cookie, "circuit", ("site", "site-9"), ("provider", "google_ads"), ("op", "close"), ("csrf", csrf)))
            Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var closed = (await host.Services.GetRequiredService<ICircuitStore>().GetAsync(key, default))!;
        Assert.Equal((CircuitState.Closed, false), (closed.State, closed.Isolated));

        using var unknownJob = await ActAsync(host, cookie, "run", ("job", "no-such-job"), ("csrf", csrf));
        Assert.Equal(HttpStatusCode.BadRequest, unknownJob.StatusCode);
    }
}
