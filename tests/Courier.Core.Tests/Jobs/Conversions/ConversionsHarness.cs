using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Credentials;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>
/// The conversions job over in-memory stores, a fake clock, seeded randomness, a reversible vault and a scripted
/// uploader; runs go through <see cref="IJob.RunAsync"/> with a <see cref="JobRunContext"/> as the runner would call it.
/// </summary>
internal sealed class ConversionsHarness
{
    public const int Seed = 20250301;
    public static readonly DateTimeOffset ClickedAt = new(2025, 3, 1, 10, 15, 0, TimeSpan.FromHours(1));

    private readonly List<(string SiteId, string SaleId)> _enqueued = [];
    private int _runs;

    public ConversionsHarness(ConversionsOptions? options = null)
    {
        WorkQueue = new WorkQueue(Store, Time);
        Queue = new ConversionsQueue(WorkQueue);
        Credentials = new ProviderCredentialsService(CredentialStore, Vault, TestCredentials.Schemas, Time);
        Processor = new ConversionsProcessor(
            Store,
            new CircuitBreaker(CircuitStore, new CircuitOptions(), Time, new Random(Seed + 1)),
            Credentials,
            Uploader,
            Metrics,
            options ?? new ConversionsOptions(),
            Time,
            new Random(Seed),
            Logger);
    }

    public FakeTimeProvider Time { get; } = TestClock.New();

    public RecordingLogger<ConversionsProcessor> Logger { get; } = new();

    public InMemoryQueueStore Store { get; } = new();

    public InMemoryCircuitStore CircuitStore { get; } = new();

    public InMemoryCredentialStore CredentialStore { get; } = new();

    public CountingMetricsStore Metrics { get; } = new();

    public FakeSecretVault Vault { get; } = new();

    public ScriptedConversionUploader Uploader { get; } = new();

    public WorkQueue WorkQueue { get; }

    public ConversionsQueue Queue { get; }

    public ProviderCredentialsService Credentials { get; }

    public ConversionsProcessor Processor { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static CircuitKey KeyOf(string siteId) => new(siteId, TestCredentials.GoogleAdsKey);

    public static string SaleId(int n) => $"sale-{n:D4}";

    public static ConversionPayload Payload(string siteId, string saleId) =>
        new(siteId, saleId, ClickIdKind.Gclid, "gclid-" + saleId, ClickedAt, 19.90m, "EUR", saleId);

    public async Task SeedCredentialsAsync(params string[] siteIds)
    {
        foreach (var siteId in siteIds) await Credentials.SaveAsync(siteId, TestCredentials.GoogleAdsKey, TestCredentials.GoogleAds(siteId));
    }

    /// <summary>Queues <paramref name="count"/> conversions of a site with sale ids <c>sale-{from:D4}</c> onwards; returns the sale ids.</summary>
    public async Task<List<string>> EnqueueAsync(string siteId, int count, int from = 1)
    {
        var ids = Enumerable.Range(from, count).Select(SaleId).ToList();
        foreach (var saleId in ids)
        {
            await Queue.EnqueueAsync(Payload(siteId, saleId));
            _enqueued.Add((siteId, saleId));
        }

        return ids;
    }

    public Task<JobReport> RunHttpAsync(int? limit = null) =>
        RunAsync(RunTrigger.Http, limit is { } l ? new Dictionary<string, string> { [ConversionsProcessor.LimitParameter] = l.ToString(System.Globalization.CultureInfo.InvariantCulture) } : new Dictionary<string, string>());

    public Task<JobReport> RunTimerAsync() => RunAsync(RunTrigger.Timer, new Dictionary<string, string>());

    public Task<JobReport> RunAsync(RunTrigger trigger, IReadOnlyDictionary<string, string> parameters) =>
        Processor.RunAsync(new JobRunContext($"run-{++_runs}", trigger, RunBudget.Unlimited(Time), parameters), CancellationToken.None);

    public static ConversionsResult Body(JobReport report) => Assert.IsType<ConversionsResult>(report.Body);

    public async Task<QueueItem> ItemAsync(string siteId, string saleId) =>
        await Queue.GetAsync(siteId, saleId) ?? throw new InvalidOperationException($"no item {siteId}:{saleId}");

    public async Task<List<QueueItem>> ItemsOfAsync(string siteId)
    {
        var items = new List<QueueItem>();
        foreach (var (site, sale) in _enqueued.Where(e => e.SiteId == siteId)) items.Add(await ItemAsync(site, sale));
        return items;
    }

    public Task<CircuitRecord?> CircuitAsync(string siteId) => CircuitStore.GetAsync(KeyOf(siteId), CancellationToken.None);
}
