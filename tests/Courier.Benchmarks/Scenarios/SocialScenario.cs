using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Benchmarks.Support;
using Courier.Hosting.Jobs.Social;
using Courier.Sandbox.Meta;
using Courier.TestUtils.Hosts;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// The social job on the standalone host in-process with the Meta sandbox, in one child process: due posts (Facebook text,
/// Facebook photo and Instagram, a third each, over ten connections) queued through the API, then
/// <c>POST /api/social-auto-poster/runner</c> run back to back until every post is published. Each Instagram container
/// answers IN_PROGRESS once, so its post waits <c>Social:ContainerPollDelay</c> (5 s, the least allowed) and a later run
/// publishes it. Posts per second to all-published, the runs that did work, and the Graph calls per post (every request
/// Courier's Meta client put on the wire).
/// </summary>
public sealed class SocialScenario : IBenchmarkScenario
{
    private const string Twin = "/" + SocialJob.TwinRoute;
    private const int Connections = 10;
    private static readonly TimeSpan PollDelay = TimeSpan.FromSeconds(5);

    public string Name => "social";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var run = await context.RunChildAsync(Name, [context.Quick ? "60" : "1000"], cancellationToken);
        context.Log.WriteLine(BenchmarkApp.Invariant($"  {run["social_posts"]:F0} posts published in {run["social_seconds"]:F1} s: {run["social_items_per_s"]:F1}/s, {run["social_runs"]:F0} runs ({run["social_runs_per_post"]:F3} per post), {run["social_graph_calls_per_post"]:F2} Graph calls per post"));
        return run.ToDictionary(p => p.Key, p => (object)Math.Round(p.Value, 3));
    }

    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken)
    {
        var posts = int.Parse(args[0], CultureInfo.InvariantCulture);
        var connection = Environment.GetEnvironmentVariable(BenchmarkContext.ConnectionVariable) ?? throw new InvalidOperationException($"{BenchmarkContext.ConnectionVariable} is not set");
        var settings = new Dictionary<string, string?>
        {
            ["Meta:ApiVersion"] = "v25.0",
            ["Social:ContainerPollDelay"] = PollDelay.ToString("c", CultureInfo.InvariantCulture),
        };
        await using var courier = await BenchCourier.StartAsync(connection, settings, jobs: (services, configuration) => services.AddSocial(configuration));

        // Every container is IN_PROGRESS at its first status read; the 24 h publishing allowance is not what is measured.
        (await courier.SandboxHttp.PostAsJsonAsync("_sandbox/meta/settings", new { containerPollsInProgress = 1, publishingLimitPer24Hours = 100_000 }, cancellationToken)).EnsureSuccessStatusCode();
        var pages = new List<(string ConnectionId, string PageId, string InstagramUserId)>();
        for (var i = 0; i < Connections; i++)
        {
            var n = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
            var page = ("bench-conn-" + n, n, "1784" + n);
            var token = "EAAB-bench-" + Guid.NewGuid().ToString("N");
            (await courier.SandboxHttp.PostAsJsonAsync("_sandbox/meta/pages", new { pageId = page.Item2, accessToken = token, instagramUserId = page.Item3 }, cancellationToken)).EnsureSuccessStatusCode();
            (await courier.SendAsync(HttpMethod.Post, "/" + SocialJob.ConnectionsRoute, TestSecrets.Api, new JsonObject
            {
                ["connectionId"] = page.Item1,
                ["pageId"] = page.Item2,
                ["instagramUserId"] = page.Item3,
                ["accessToken"] = token,
            }.ToJsonString(), cancellationToken)).Ok("connect");
            pages.Add(page);
        }

        // Queued (setup, not measured): due a minute ago, eight requests at a time.
        var due = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var instagram = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, posts), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var kind = i % 3;
            var body = new JsonObject
            {
                ["platform"] = kind == 2 ? "instagram" : "facebook",
                ["connectionId"] = pages[i % Connections].ConnectionId,
                ["content"] = "Benchmark post " + i.ToString(CultureInfo.InvariantCulture),
                ["scheduledAt"] = due,
            };
            if (kind != 0) body["imageUrl"] = $"https://img.example/bench/{i}.jpg";
            if (kind == 2) Interlocked.Increment(ref instagram);
            (await courier.SendAsync(HttpMethod.Post, "/" + SocialJob.QueueRoute, TestSecrets.Api, body.ToJsonString(), ct)).Ok("social queue");
        });

        var graphBefore = GraphCalls(courier);
        var before = courier.Storage.Take();
        var clock = Stopwatch.StartNew();
        var (runs, idle, succeeded, handled) = (0, 0, 0, 0);
        while (succeeded < posts)
        {
            var report = (await courier.SendAsync(HttpMethod.Post, Twin, TestSecrets.Cron, null, cancellationToken)).Ok("social twin").Json;
            var processed = report.GetProperty("processed").GetInt32();
            if (report.GetProperty("failed").GetInt32() != 0 || report.GetProperty("unknown").GetInt32() != 0)
                throw new InvalidOperationException($"social run {runs + 1}: a post failed: {report}");
            succeeded += report.GetProperty("succeeded").GetInt32();
            handled += processed;
            if (processed > 0)
            {
                runs++;
                continue;
            }

            // Only Instagram posts waiting for their container's poll delay are left: look again shortly.
            idle++;
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"social: {posts - succeeded} posts not published after 10 minutes");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        var elapsed = clock.Elapsed;
        var used = courier.Storage.Take() - before;
        var graph = GraphCalls(courier) - graphBefore;
        var published = (await courier.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName))
            .Count(c => c.Published && pages.Any(p => c.Target == p.PageId || c.Target == p.InstagramUserId));
        if (published != posts) throw new InvalidOperationException($"social: Meta holds {published} published posts, {posts} expected");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["social_posts"] = posts,
            ["social_instagram_posts"] = instagram,
            ["social_connections"] = Connections,
            ["social_seconds"] = elapsed.TotalSeconds,
            ["social_items_per_s"] = posts / elapsed.TotalSeconds,
            ["social_runs"] = runs,
            ["social_idle_runs"] = idle,
            ["social_runs_per_post"] = (double)runs / posts,
            ["social_items_handled_per_post"] = (double)handled / posts,
            ["social_graph_calls_per_post"] = (double)graph / posts,
            ["social_entity_writes_per_post"] = (double)used.EntityWrites / posts,
            ["social_storage_requests_per_post"] = (double)used.Requests / posts,
        };
    }

    /// <summary>Requests to the Graph API (<c>/v25.0/…</c>), token-free paths of the sandbox excluded.</summary>
    private static long GraphCalls(BenchCourier courier) => courier.ProviderCalls.Count(p => p.StartsWith("/v25.0/", StringComparison.Ordinal));
}
