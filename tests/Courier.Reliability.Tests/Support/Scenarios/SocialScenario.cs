using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Social;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Social;
using Courier.Sandbox.Meta;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Reliability.Tests.Support.Scenarios;

/// <summary>Social: Facebook text posts of one page to the Meta sandbox; the side effect is a published post carrying the text.</summary>
public sealed class SocialScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public string PageId { get; } = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);

    public string ConnectionId => "conn-" + Tag;

    public override string Job => "social";

    public override string TwinPath => "/" + SocialJob.TwinRoute;

    public override string? Queue => SocialQueue.Name;

    public override bool UnknownAllowed => true;

    public override Task SetupAsync(CrashHost host) => ConnectAsync(host.Calls);

    public async Task ConnectAsync(CourierCalls calls)
    {
        var token = $"EAAB-page-SECRET-{Tag}";
        await Sandbox.PostAsync("_sandbox/meta/pages", new { pageId = PageId, accessToken = token, instagramUserId = "1784" + PageId });
        await calls.OkAsync(HttpMethod.Post, "/" + SocialJob.ConnectionsRoute, TestSecrets.Api, new JsonObject
        {
            ["connectionId"] = ConnectionId,
            ["pageId"] = PageId,
            ["instagramUserId"] = "1784" + PageId,
            ["accessToken"] = token,
        }, HttpStatusCode.Created);
    }

    public string Content(int round, int i) => $"post {Tag} r{round:D3}-{i:D3}";

    public override async Task SeedAsync(CrashHost host, int round)
    {
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var i = 0; i < ItemsPerRound; i++) await EnqueueAsync(host.Calls, Content(round, i), now);
    }

    public async Task EnqueueAsync(CourierCalls calls, string content, DateTimeOffset now)
    {
        var queued = await calls.OkAsync(HttpMethod.Post, "/" + SocialJob.QueueRoute, TestSecrets.Api, new JsonObject
        {
            ["platform"] = "facebook",
            ["connectionId"] = ConnectionId,
            ["content"] = content,
            ["scheduledAt"] = now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        }, HttpStatusCode.Accepted);
        lock (_ids) _ids[content] = queued.GetProperty("item").GetProperty("id").GetString()!;
    }

    public override Task<RoundOutcome> CheckAsync(int round) => CheckPostsAsync([.. Enumerable.Range(0, ItemsPerRound).Select(i => Content(round, i))]);

    /// <summary>Each post ended and was published at most once, exactly once when posted.</summary>
    public async Task<RoundOutcome> CheckPostsAsync(IReadOnlyList<string> contents)
    {
        Dictionary<string, string> ids;
        lock (_ids) ids = contents.ToDictionary(c => c, c => _ids[c], StringComparer.Ordinal);
        var items = await ItemsAsync(ids.Values);
        var published = (await Sandbox.LedgerAsync<MetaCall>(MetaEndpoints.LedgerName))
            .Where(c => c.Target == PageId && c.Published && c.Message is not null).ToList();
        var problems = new List<string>();
        int lost = 0, duplicated = 0, unknown = 0, unknownPublished = 0;
        foreach (var content in contents)
        {
            var item = items.GetValueOrDefault(ids[content]);
            // The sent text is the content plus Courier's reference line.
            var posts = published.Count(c => c.Message!.StartsWith(content + "\n", StringComparison.Ordinal) || c.Message == content);
            if (posts > 1)
            {
                duplicated += posts - 1;
                problems.Add($"'{content}' published {posts} times");
            }

            if (!Ended(item) || (item!.State == QueueState.Completed && posts == 0))
            {
                lost++;
                problems.Add($"'{content}': {item?.State.ToString() ?? "missing"} ({item?.LastError}), published {posts}");
            }
            else if (item.State == QueueState.Unknown)
            {
                unknown++;
                if (posts == 1) unknownPublished++;
            }
        }

        return new RoundOutcome(contents.Count, lost, duplicated, unknown, problems, new Dictionary<string, int> { ["Unknown found published in the ledger"] = unknownPublished });
    }
}
