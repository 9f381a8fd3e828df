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

/// <summary>
/// Social: posts of one page and its Instagram account to the Meta sandbox; the side effect is a published post carrying
/// the text. Each round has two Instagram posts and Facebook text posts for the rest: one Instagram post whose container an
/// earlier (unharmed) run made, so the round's run reads its status and publishes it, and one whose container the round's
/// run makes and a later run publishes. Crash points thus fall on the container creation, the status read and the publish.
/// </summary>
public sealed class SocialScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public string PageId { get; } = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);

    public string ConnectionId => "conn-" + Tag;

    public string InstagramUserId => "1784" + PageId;

    public override string Job => "social";

    public override string TwinPath => "/" + SocialJob.TwinRoute;

    public override string? Queue => SocialQueue.Name;

    public override bool UnknownAllowed => true;

    public override Task SetupAsync(CourierCalls calls) => ConnectAsync(calls);

    public async Task ConnectAsync(CourierCalls calls)
    {
        var token = $"EAAB-page-SECRET-{Tag}";
        await Sandbox.PostAsync("_sandbox/meta/pages", new { pageId = PageId, accessToken = token, instagramUserId = InstagramUserId });
        await calls.OkAsync(HttpMethod.Post, "/" + SocialJob.ConnectionsRoute, TestSecrets.Api, new JsonObject
        {
            ["connectionId"] = ConnectionId,
            ["pageId"] = PageId,
            ["instagramUserId"] = InstagramUserId,
            ["accessToken"] = token,
        }, HttpStatusCode.Created);
    }

    public string Content(int round, int i) => $"post {Tag} r{round:D3}-{i:D3}";

    /// <summary>Item 0 and 1 of a round are Instagram posts, the rest Facebook posts.</summary>
    public static bool IsInstagram(int i) => i < 2;

    public override async Task SeedAsync(CrashHost host, int round)
    {
        var time = host.Services.GetRequiredService<TimeProvider>();
        // Item 0's container is made by a run before the round's run, and due again by the time that run starts.
        await EnqueueAsync(host.Calls, Content(round, 0), time.GetUtcNow(), instagram: true);
        var made = await host.Calls.SendAsync(HttpMethod.Post, TwinPath, TwinSecret);
        if (made.Status != HttpStatusCode.OK) throw new InvalidOperationException($"social run making round {round}'s first container: {made}");
        Sandbox.Clock.Advance(TimeSpan.FromMinutes(2));
        for (var i = 1; i < ItemsPerRound; i++) await EnqueueAsync(host.Calls, Content(round, i), time.GetUtcNow(), IsInstagram(i));
    }

    /// <summary>A Facebook post due now: an Instagram container would wait for its status read on the real clock of a process.</summary>
    public override Task ProduceAsync(CourierCalls producer, int round, int i) => EnqueueAsync(producer, Content(round, i), Sandbox.Clock.GetUtcNow());

    public async Task EnqueueAsync(CourierCalls calls, string content, DateTimeOffset now, bool instagram = false)
    {
        var post = new JsonObject
        {
            ["platform"] = instagram ? "instagram" : "facebook",
            ["connectionId"] = ConnectionId,
            ["content"] = content,
            ["scheduledAt"] = now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        };
        if (instagram) post["imageUrl"] = "https://images.example.com/" + Uri.EscapeDataString(content) + ".jpg";
        var queued = await calls.OkAsync(HttpMethod.Post, "/" + SocialJob.QueueRoute, TestSecrets.Api, post, HttpStatusCode.Accepted);
        lock (_ids) _ids[content] = queued.GetProperty("item").GetProperty("id").GetString()!;
    }

    public override Task<RoundOutcome> CheckAsync(int round) => CheckPostsAsync([.. Enumerable.Range(0, ItemsPerRound).Select(i => Content(round, i))]);

    /// <summary>Each post ended and was published at most once, exactly once when posted.</summary>
    public async Task<RoundOutcome> CheckPostsAsync(IReadOnlyList<string> contents)
    {
        Dictionary<string, string> ids;
        lock (_ids) ids = contents.ToDictionary(c => c, c => _ids[c], StringComparer.Ordinal);
        var items = await ItemsAsync(ids.Values);
        var ledger = await Sandbox.LedgerAsync<MetaCall>(MetaEndpoints.LedgerName);
        var published = ledger.Where(c => c.Target == PageId && c.Published && c.Message is not null).ToList();
        // Instagram: a published media_publish names its container; the container creation carries the caption.
        var captions = ledger.Where(c => c.Target == InstagramUserId && c.Route == MetaEndpoints.MediaKey && c.ObjectId is not null && c.Message is not null)
            .ToDictionary(c => c.ObjectId!, c => c.Message!, StringComparer.Ordinal);
        published.AddRange(ledger.Where(c => c.Target == InstagramUserId && c.Route == MetaEndpoints.MediaPublishKey && c.Published && c.CreationId is not null && captions.ContainsKey(c.CreationId))
            .Select(c => c with { Message = captions[c.CreationId!] }));
        var problems = new List<string>();
        int lost = 0, duplicated = 0, twice = 0, unknown = 0, unknownPublished = 0;
        foreach (var content in contents)
        {
            var item = items.GetValueOrDefault(ids[content]);
            // The sent text is the content plus Courier's reference line.
            var posts = published.Count(c => c.Message!.StartsWith(content + "\n", StringComparison.Ordinal) || c.Message == content);
            if (posts > 1)
            {
                duplicated += posts - 1;
                twice++;
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

        return new RoundOutcome(contents.Count, lost, duplicated, unknown, problems, new Dictionary<string, int> { ["Unknown found published in the ledger"] = unknownPublished }) { DuplicatedItems = twice };
    }
}
