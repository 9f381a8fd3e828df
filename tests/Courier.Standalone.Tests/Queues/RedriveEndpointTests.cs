using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Recovery;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Queues;

/// <summary><c>POST /api/queues/{queue}/redrive</c> through the standalone host: filters, dry run, history kept, 400/404/401.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class RedriveEndpointTests(AzuriteFixture azurite)
{
    /// <summary>A queue with its own state names, as social's lower-case ones, to show the API accepts them.</summary>
    private static readonly QueueDefinition Sales = new("sales", RecoveryJob.Name, 3, new Dictionary<QueueState, string>
    {
        [QueueState.Queued] = "waiting",
        [QueueState.Failed] = "failed",
        [QueueState.Unknown] = "lost",
    });

    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Task<CourierTestHost> StartAsync(string? storage = null) =>
        CourierTestHost.StartAsync(services: s => s.AddSingleton(Sales).AddRecovery(), storageConnection: storage);

    [Fact]
    public async Task Redrive_AllFilters_MovesOnlyMatchingItemsWhichKeepTheirHistory()
    {
        await using var host = await StartAsync(azurite.ConnectionString);
        await AddAsync(host,
            Failed("match", Noon.AddHours(-2), "shop-1", "CREDENTIALS_REJECTED: invalid_grant", attempts: 2),
            Failed("other-site", Noon.AddHours(-2), "shop-2", "CREDENTIALS_REJECTED: invalid_grant"),
            Failed("other-code", Noon.AddHours(-2), "shop-1", "INVALID_GCLID: bad click id"),
            Failed("too-old", Noon.AddHours(-10), "shop-1", "CREDENTIALS_REJECTED: invalid_grant"),
            Failed("unknown", Noon.AddHours(-2), "shop-1", "CREDENTIALS_REJECTED: invalid_grant") with { State = QueueState.Unknown });

        var (status, body) = await PostAsync(host, "sales", """
            {"state":"FAILED","siteId":"shop-1","errorCode":"credentials_rejected","from":"2026-03-01T09:00:00Z","to":"2026-03-01T13:00:00+01:00"}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"ok":true,"queue":"sales","matched":1,"moved":1,"lost":0,"dryRun":false}""", body);
        var moved = await GetAsync(host, "match");
        Assert.Equal(QueueState.Queued, moved.State);
        Assert.Equal(2, moved.Attempts);
        Assert.Equal("CREDENTIALS_REJECTED: invalid_grant", moved.LastError);
        Assert.Equal("shop-1", moved.GroupKey);
        Assert.Equal(1, moved.Redrives);
        foreach (var id in new[] { "other-site", "other-code", "too-old" }) Assert.Equal(QueueState.Failed, (await GetAsync(host, id)).State);
        Assert.Equal(QueueState.Unknown, (await GetAsync(host, "unknown")).State);
        var claimed = Assert.Single(await host.Services.GetRequiredService<WorkQueue>().ClaimDueAsync("sales", "run-1", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal("match", claimed.Id);
    }

    [Fact]
    public async Task Redrive_DryRun_AnswersTheCountAloneAndChangesNothing()
    {
        await using var host = await StartAsync();
        await AddAsync(host, Failed("a", Noon, "s", "X: y"), Failed("b", Noon, "s", "X: y"), Failed("c", Noon, "s", "X: y") with { State = QueueState.Unknown });

        var (status, body) = await PostAsync(host, "sales", """{"dryRun":true,"state":["failed","lost"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"ok":true,"queue":"sales","matched":3,"dryRun":true}""", body);
        Assert.Equal(QueueState.Failed, (await GetAsync(host, "a")).State);
        Assert.Equal(QueueState.Unknown, (await GetAsync(host, "c")).State);
        Assert.Equal(0, (await GetAsync(host, "a")).Redrives);
    }

    [Fact]
    public async Task Redrive_NoBody_FailedOnlyUpToTheDefaultLimit()
    {
        await using var host = await StartAsync();
        await AddAsync(host, Failed("f", Noon, "s", "X: y"), Failed("u", Noon, "s", "X: y") with { State = QueueState.Unknown });

        var (status, body) = await PostAsync(host, "sales", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"ok":true,"queue":"sales","matched":1,"moved":1,"lost":0,"dryRun":false}""", body);
        Assert.Equal(QueueState.Unknown, (await GetAsync(host, "u")).State);
    }

    [Fact]
    public async Task Redrive_Limit_MovesOldestFirstAndTheRestOnTheNextCall()
    {
        await using var host = await StartAsync();
        await AddAsync(host, Failed("late", Noon, "s", "X: y"), Failed("early", Noon.AddHours(-1), "s", "X: y"));

        var (_, first) = await PostAsync(host, "sales", """{"limit":1}""");
        var early = await GetAsync(host, "early");
        var (_, second) = await PostAsync(host, "sales", """{"limit":1}""");

        Assert.Equal("""{"ok":true,"queue":"sales","matched":1,"moved":1,"lost":0,"dryRun":false}""", first);
        Assert.Equal(QueueState.Queued, early.State);
        Assert.Equal("""{"ok":true,"queue":"sales","matched":1,"moved":1,"lost":0,"dryRun":false}""", second);
    }

    [Theory]
    [InlineData("""{"state":"COMPLETED"}""", "state")]
    [InlineData("""{"state":[]}""", "state")]
    [InlineData("""{"state":5}""", "state")]
    [InlineData("""{"limit":0}""", "limit")]
    [InlineData("""{"limit":10001}""", "limit")]
    [InlineData("""{"limit":"10"}""", "limit")]
    [InlineData("""{"from":"yesterday"}""", "from")]
    [InlineData("""{"to":"2026-03-01T12:00:00"}""", "to")]
    [InlineData("""{"from":"2026-03-02T00:00:00Z","to":"2026-03-01T00:00:00Z"}""", "to")]
    [InlineData("""{"siteId":""}""", "siteId")]
    [InlineData("""{"siteId":"a","site":"b"}""", "site")]
    [InlineData("""{"errorCode":7}""", "errorCode")]
    [InlineData("""{"dryRun":"yes"}""", "dryRun")]
    [InlineData("""{"errorcode":"X"}""", "errorcode")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{""", "$")]
    public async Task Redrive_BadFilter_400NamingTheFieldAndNothingMoved(string json, string field)
    {
        await using var host = await StartAsync();
        await AddAsync(host, Failed("f", Noon, "s", "X: y"));

        var (status, body) = await PostAsync(host, "sales", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
        Assert.Equal(QueueState.Failed, (await GetAsync(host, "f")).State);
    }

    [Fact]
    public async Task Redrive_UnknownQueue_404Problem()
    {
        await using var host = await StartAsync();

        var (status, body) = await PostAsync(host, "nope", "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no queue 'nope' is registered (registered: sales)", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData(TestSecrets.Cron)]
    public async Task Redrive_NoOrWrongSecret_401AndNothingMoved(string? secret)
    {
        await using var host = await StartAsync();
        await AddAsync(host, Failed("f", Noon, "s", "X: y"));

        var (status, _) = await PostAsync(host, "sales", "{}", secret);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(QueueState.Failed, (await GetAsync(host, "f")).State);
    }

    private static QueueItem Failed(string id, DateTimeOffset finishedAt, string site, string error, int attempts = 1) => new()
    {
        Queue = Sales.Name, Id = id, State = QueueState.Failed, DueAt = finishedAt, CreatedAt = finishedAt.AddHours(-1), UpdatedAt = finishedAt,
        Attempts = attempts, GroupKey = site, LastError = error, Payload = "{\"n\":1}",
    };

    private static async Task AddAsync(CourierTestHost host, params QueueItem[] items)
    {
        var store = host.Services.GetRequiredService<IQueueStore>();
        foreach (var item in items) Assert.True((await store.AddAsync(item, default)).Created);
    }

    private static async Task<QueueItem> GetAsync(CourierTestHost host, string id) =>
        (await host.Services.GetRequiredService<IQueueStore>().GetAsync(Sales.Name, id, default))!;

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(CourierTestHost host, string queue, string? json, string? secret = TestSecrets.Api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/queues/{queue}/redrive")
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (secret is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
