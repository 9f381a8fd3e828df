using System.Text.Json.Nodes;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs;
using Courier.Core.Jobs.Social;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Credentials;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Jobs.Social;

/// <summary>The social job over in-memory stores, a fake clock, a reversible vault and a scripted publisher.</summary>
internal sealed class SocialHarness
{
    public const string Connection = "page-1";
    public static readonly CredentialSchema Schema = new(ScriptedSocialPublisher.Key, [CredentialField.RequiredSecret("access_token"), CredentialField.Optional("page_id")]);

    private int _runs;

    public SocialHarness(SocialOptions? options = null)
    {
        WorkQueue = new WorkQueue(Store, Time);
        Queue = new SocialQueue(WorkQueue);
        Credentials = new ProviderCredentialsService(CredentialStore, Vault, [Schema], Time);
        Processor = new SocialProcessor(
            Store,
            new CircuitBreaker(CircuitStore, new CircuitOptions(), Time, new Random(7)),
            Credentials,
            Publisher,
            Attempts,
            Metrics,
            options ?? new SocialOptions(),
            Time,
            Logger);
    }

    public FakeTimeProvider Time { get; } = TestClock.New();

    public RecordingLogger<SocialProcessor> Logger { get; } = new();

    public InMemoryQueueStore Store { get; } = new();

    public InMemoryCircuitStore CircuitStore { get; } = new();

    public InMemoryCredentialStore CredentialStore { get; } = new();

    public InMemoryProviderMetricsStore Metrics { get; } = new();

    public InMemorySocialAttemptStore Attempts { get; } = new();

    public FakeSecretVault Vault { get; } = new();

    public ScriptedSocialPublisher Publisher { get; } = new();

    public WorkQueue WorkQueue { get; }

    public SocialQueue Queue { get; }

    public ProviderCredentialsService Credentials { get; }

    public SocialProcessor Processor { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public Task ConnectAsync(string connectionId = Connection) =>
        Credentials.SaveAsync(connectionId, ScriptedSocialPublisher.Key, TestCredentials.Element(new JsonObject { ["access_token"] = "EAAB-SECRET-" + connectionId, ["page_id"] = "1010" }));

    public async Task<string> EnqueueAsync(
        string id, SocialPlatform platform = SocialPlatform.Facebook, string? connectionId = Connection, string content = "Hello", string? imageUrl = null, DateTimeOffset? at = null)
    {
        await Queue.EnqueueAsync(new SocialPostPayload(id, platform, connectionId, content, imageUrl ?? (platform == SocialPlatform.Instagram ? "https://img.example/1.jpg" : null), at ?? Now));
        return id;
    }

    public async Task<SocialResult> RunAsync()
    {
        var report = await Processor.RunAsync(new JobRunContext($"run-{++_runs}", RunTrigger.Http, RunBudget.Unlimited(Time), new Dictionary<string, string>()), CancellationToken.None);
        return Assert.IsType<SocialResult>(report.Body);
    }

    public async Task<QueueItem> ItemAsync(string id) => await Queue.GetAsync(id) ?? throw new InvalidOperationException($"no item {id}");

    public static JsonObject ResultOf(QueueItem item) => JsonNode.Parse(item.Result!)!.AsObject();
}
