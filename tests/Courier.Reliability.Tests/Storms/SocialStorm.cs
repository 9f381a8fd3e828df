using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Social;
using Courier.Hosting.Jobs.Social;
using Courier.Reliability.Tests.Inputs;
using Courier.Sandbox.Meta;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>Social posts to a Facebook Page in the Meta sandbox: the side effect is a published post per queued post (by its text).</summary>
public sealed class SocialStorm : StormJob
{
    private readonly string _pageId = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
    private readonly string _token = $"EAAB-storm-SECRET-{Guid.NewGuid():N}";

    public override string Job => SocialJob.Name;

    public override string Target => "meta";

    public override string Route => "meta.feed";

    public override string Queue => SocialQueue.Name;

    public override string PathContains => _pageId;

    public override Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SandboxHost sandbox, FakeTimeProvider time)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Meta:BaseUrl"] = sandbox.BaseAddress.ToString().TrimEnd('/'),
            ["Meta:ApiVersion"] = "v25.0",
            ["Meta:Timeout"] = "00:00:02",
            ["ProviderHttp:MaxRetries"] = "0",
        };
        return StormHosts.StartAsync(azurite, settings, (services, configuration) => services.AddSocial(configuration), time);
    }

    public override async Task SetupAsync(CourierTestHost host, SandboxHost sandbox, FakeTimeProvider time, int items)
    {
        KnownSecrets.Register(_token);
        (await sandbox.Http.PostAsJsonAsync("_sandbox/meta/pages", new { pageId = _pageId, accessToken = _token, name = "Storm" })).EnsureSuccessStatusCode();
        await StormHosts.SendOkAsync(host, "/api/social-auto-poster/connections", TestSecrets.Api, new JsonObject { ["connectionId"] = "conn-" + _pageId, ["pageId"] = _pageId, ["accessToken"] = _token }.ToJsonString());
        for (var i = 0; i < items; i++)
        {
            var post = new JsonObject
            {
                ["platform"] = "facebook", ["connectionId"] = "conn-" + _pageId, ["content"] = $"storm post {i} of {_pageId}",
                ["scheduledAt"] = time.GetUtcNow().AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
            };
            await StormHosts.SendOkAsync(host, "/api/social-auto-poster/queue", TestSecrets.Api, post.ToJsonString());
        }
    }

    public override Task<(int Status, string Body)> RunAsync(CourierTestHost host) => StormHosts.SendAsync(host, "/api/social-auto-poster/runner", TestSecrets.Cron, null);

    public override async Task<IReadOnlyList<StormCall>> CallsAsync(SandboxHost sandbox) =>
        [.. (await Feed(sandbox)).Select(c => new StormCall(PostOf(c), c.Status, c.Fault))];

    public override async Task<IReadOnlyDictionary<string, int>> SideEffectsAsync(SandboxHost sandbox) =>
        (await Feed(sandbox)).Where(c => c.Published).GroupBy(PostOf).ToDictionary(g => g.Key, g => g.Count());

    private async Task<IEnumerable<MetaCall>> Feed(SandboxHost sandbox) =>
        (await sandbox.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName)).Where(c => c.Route == Route && c.Target == _pageId).OrderBy(c => c.Sequence);

    /// <summary>The post a call carried: its text up to the marker Courier appends.</summary>
    private static string PostOf(MetaCall call) => (call.Message ?? "").Split('\n')[0];
}
