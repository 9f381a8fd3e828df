using System.Text.Json;
using Courier.Core.Jobs;
using Courier.Core.Jobs.Recovery;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Jobs.Recovery;

public sealed class RecoveryProcessorTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly QueueDefinition Artifacts = Define("artifacts", 3);
    private static readonly QueueDefinition Conversions = Define("conversions", null);

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryQueueStore _store = new();
    private readonly WorkQueue _queue;

    public RecoveryProcessorTests()
    {
        _queue = new WorkQueue(_store, _time);
    }

    private static QueueDefinition Define(string name, int? maxAttempts) => new(name, "job-" + name, maxAttempts, new Dictionary<QueueState, string>());

    private RecoveryProcessor Processor(RecoveryOptions? options = null, params QueueDefinition[] queues) =>
        new(queues.Length == 0 ? [Artifacts, Conversions] : queues, _queue, Options.Create(options ?? new RecoveryOptions()));

    private JobRunContext Context(Dictionary<string, string>? parameters = null, RunBudget? budget = null) =>
        new("run-r", RunTrigger.Timer, budget ?? RunBudget.Unlimited(_time), parameters ?? []);

    /// <summary>Enqueues and claims items, so they sit in Processing under a lease that ends <see cref="Lease"/> from now.</summary>
    private async Task HoldAsync(string queue, params string[] ids)
    {
        foreach (var id in ids) await _queue.EnqueueAsync(queue, id, "{}");
        Assert.Equal(ids.Length, (await _queue.ClaimDueAsync(queue, "crashed-run", ids.Length, Lease)).Count);
    }

    private async Task<QueueItem> GetAsync(string queue, string id) => (await _queue.GetAsync(queue, id))!;

    private static RecoveryResult Body(JobReport report) => Assert.IsType<RecoveryResult>(report.Body);

    [Fact]
    public void Name_IsTheCatalogTimerName()
    {
        Assert.Equal("recover-processing", Processor().Name);
    }

    [Fact]
    public async Task RunAsync_ExpiredLeasesInEveryQueue_RescuesAllAndCountsPerQueue()
    {
        await HoldAsync("artifacts", "zip-1");
        await HoldAsync("conversions", "sale-1", "sale-2");
        _time.Advance(Lease + TimeSpan.FromMinutes(15));

        var report = await Processor().RunAsync(Context(), default);

        var body = Body(report);
        Assert.Equal(3, body.Recovered);
        Assert.Equal(new Dictionary<string, int> { ["artifacts"] = 1, ["conversions"] = 2 }, body.ByQueue);
        Assert.Equal(3, report.Counts["recovered"]);
        Assert.Equal(QueueState.Retry, (await GetAsync("conversions", "sale-2")).State);
        Assert.Equal(1, (await GetAsync("artifacts", "zip-1")).Attempts);
    }

    [Fact]
    public async Task RunAsync_ReportBody_SerializesToTheSpecifiedShape()
    {
        await HoldAsync("conversions", "sale-1", "sale-2");
        _time.Advance(TimeSpan.FromHours(1));

        var report = await Processor().RunAsync(Context(), default);

        var json = JsonSerializer.Serialize(report.Body, report.Body.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("{\"ok\":true,\"recovered\":2,\"byQueue\":{\"artifacts\":0,\"conversions\":2},\"pruned\":0}", json);
    }

    [Fact]
    public async Task RunAsync_LeaseExpiredLessThanMinAge_LeftAlone()
    {
        await HoldAsync("conversions", "sale-1");
        _time.Advance(Lease + TimeSpan.FromMinutes(14));

        var report = await Processor().RunAsync(Context(), default);

        Assert.Equal(0, Body(report).Recovered);
        Assert.Equal(QueueState.Processing, (await GetAsync("conversions", "sale-1")).State);
    }

    [Fact]
    public async Task RunAsync_MinAgeOption_Used()
    {
        await HoldAsync("conversions", "sale-1");
        _time.Advance(Lease + TimeSpan.FromMinutes(2));

        var report = await Processor(new RecoveryOptions { MinAge = TimeSpan.FromMinutes(2) }).RunAsync(Context(), default);

        Assert.Equal(1, Body(report).Recovered);
    }

    [Theory]
    [InlineData("5", 1)]
    [InlineData("0", 1)]
    [InlineData("30", 0)]
    public async Task RunAsync_MinAgeParameter_OverridesOption(string minutes, int expected)
    {
        await HoldAsync("conversions", "sale-1");
        _time.Advance(Lease + TimeSpan.FromMinutes(10));

        var report = await Processor().RunAsync(Context(new() { ["min_age_minutes"] = minutes }), default);

        Assert.Equal(expected, Body(report).Recovered);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("")]
    public async Task RunAsync_BadMinAgeParameter_KeepsTheSetting(string minutes)
    {
        await HoldAsync("conversions", "sale-1");
        _time.Advance(Lease + TimeSpan.FromMinutes(10));

        var report = await Processor().RunAsync(Context(new() { ["min_age_minutes"] = minutes }), default);

        Assert.Equal(0, Body(report).Recovered);
    }

    [Fact]
    public async Task RunAsync_HugeMinAgeParameter_RescuesNothingWithoutThrowing()
    {
        await HoldAsync("conversions", "sale-1");
        _time.Advance(TimeSpan.FromDays(2));

        var report = await Processor().RunAsync(Context(new() { ["min_age_minutes"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) }), default);

        Assert.Equal(0, Body(report).Recovered);
    }

    [Fact]
    public async Task RunAsync_LiveLeaseWithMinAgeZero_NeverRescued()
    {
        await HoldAsync("conversions", "sale-1");
        _time.Advance(Lease - TimeSpan.FromSeconds(1));

        var report = await Processor().RunAsync(Context(new() { ["min_age_minutes"] = "0" }), default);

        Assert.Equal(0, Body(report).Recovered);
    }

    [Fact]
    public async Task RunAsync_QueueMaxAttemptsReached_ItemFailedOtherQueueRetried()
    {
        await HoldAsync("artifacts", "zip-1");
        _store.Put((await GetAsync("artifacts", "zip-1")) with { Attempts = 2 });
        await HoldAsync("conversions", "sale-1");
        _store.Put((await GetAsync("conversions", "sale-1")) with { Attempts = 2 });
        _time.Advance(TimeSpan.FromHours(1));

        await Processor().RunAsync(Context(), default);

        var zip = await GetAsync("artifacts", "zip-1");
        Assert.Equal(QueueState.Failed, zip.State);
        Assert.Contains("gave up after 3 attempts", zip.LastError, StringComparison.Ordinal);
        Assert.Equal(QueueState.Retry, (await GetAsync("conversions", "sale-1")).State);
    }

    [Fact]
    public async Task RunAsync_MoreExpiredThanBatchSize_RescuesBatchAfterBatchUntilAShortBatch()
    {
        var recording = new RecordingQueueStore(_store);
        var queue = new WorkQueue(recording, _time);
        await HoldAsync("conversions", "a", "b", "c", "d", "e");
        await HoldAsync("artifacts", "z1", "z2", "z3", "z4");
        _time.Advance(TimeSpan.FromHours(1));
        var processor = new RecoveryProcessor([Artifacts, Conversions], queue, Options.Create(new RecoveryOptions { BatchSize = 2 }));

        var report = await processor.RunAsync(Context(), default);

        Assert.Equal(new Dictionary<string, int> { ["artifacts"] = 4, ["conversions"] = 5 }, Body(report).ByQueue);
        Assert.Equal(9, report.Counts["recovered"]);
        // 4 items in batches of 2: two full batches and an empty one; 5 items: two full and a short one.
        Assert.Equal(
            ["expired:artifacts", "expired:artifacts", "expired:artifacts", "expired:conversions", "expired:conversions", "expired:conversions"],
            recording.Reads);
        Assert.Empty(await _store.ListExpiredLeasesAsync("conversions", _time.GetUtcNow(), 10, default));
    }

    [Fact]
    public async Task RunAsync_BudgetEndsBetweenBatches_StopsAndLeavesTheRestForLater()
    {
        var recording = new RecordingQueueStore(_store);
        var queue = new WorkQueue(recording, _time);
        await HoldAsync("conversions", "a", "b", "c", "d", "e");
        _time.Advance(TimeSpan.FromHours(1));
        var budget = new RunBudget(_time, _time.GetUtcNow(), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));
        // Each batch takes a minute: after the second one less than the reserve is left.
        recording.AfterExpiredRead = () => _time.Advance(TimeSpan.FromMinutes(1));
        var processor = new RecoveryProcessor([Conversions], queue, Options.Create(new RecoveryOptions { BatchSize = 2 }));

        var report = await processor.RunAsync(Context(budget: budget), default);

        Assert.Equal(4, Body(report).Recovered);
        Assert.Equal(["expired:conversions", "expired:conversions"], recording.Reads);
        Assert.Single(await _store.ListExpiredLeasesAsync("conversions", _time.GetUtcNow(), 10, default));
    }

    [Fact]
    public async Task RunAsync_CompletedAndWaitingItems_NeverTouched()
    {
        await HoldAsync("conversions", "done");
        var claimed = (await GetAsync("conversions", "done"))!;
        Assert.True((await _queue.CompleteAsync(claimed)).Applied);
        await _queue.EnqueueAsync("conversions", "waiting", "{}");
        _time.Advance(TimeSpan.FromDays(1));

        var report = await Processor().RunAsync(Context(new() { ["min_age_minutes"] = "0" }), default);

        Assert.Equal(0, Body(report).Recovered);
        Assert.Equal(QueueState.Completed, (await GetAsync("conversions", "done")).State);
        Assert.Equal(QueueState.Queued, (await GetAsync("conversions", "waiting")).State);
    }

    [Fact]
    public async Task RunAsync_QueueRegisteredTwice_RescuedOnceAndReportedOnce()
    {
        await HoldAsync("conversions", "a");
        _time.Advance(TimeSpan.FromHours(1));

        var report = await Processor(null, Conversions, Conversions).RunAsync(Context(), default);

        Assert.Equal(new Dictionary<string, int> { ["conversions"] = 1 }, Body(report).ByQueue);
    }

    [Fact]
    public async Task RunAsync_BudgetSpent_RescuesNothingAndReportsZeros()
    {
        await HoldAsync("conversions", "a");
        _time.Advance(TimeSpan.FromHours(1));
        var spent = new RunBudget(_time, _time.GetUtcNow(), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

        var report = await Processor().RunAsync(Context(budget: spent), default);

        Assert.Equal(0, Body(report).Recovered);
        Assert.Equal(new Dictionary<string, int> { ["artifacts"] = 0, ["conversions"] = 0 }, Body(report).ByQueue);
    }

    [Fact]
    public async Task RunAsync_ThroughJobRunner_RecordsRecoveredCount()
    {
        await HoldAsync("conversions", "a", "b");
        _time.Advance(TimeSpan.FromHours(1));
        var runs = new InMemoryRunStore();
        var runner = new JobRunner(runs, new InMemoryRunLeaseStore(), _time, new JobRunnerOptions { InstanceId = "i" }, NullLogger<JobRunner>.Instance);

        var result = await runner.RunAsync(Processor(), RunTrigger.Http, new Dictionary<string, string> { ["min_age_minutes"] = "15" });

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(2, (await runs.GetAsync("recover-processing", result.RunId, default))!.Counts["recovered"]);
    }

    [Fact]
    public async Task RunAsync_FinishedItemsPastRetention_ArePrunedAndCounted()
    {
        await HoldAsync("conversions", "done-old", "failed-old", "failed-recent");
        foreach (var id in new[] { "done-old", "failed-old", "failed-recent" })
        {
            var item = await GetAsync("conversions", id);
            var outcome = id.StartsWith("done", StringComparison.Ordinal) ? await _queue.CompleteAsync(item) : await _queue.FailAsync(item, "boom");
            Assert.True(outcome.Applied);
            if (id == "failed-old") _time.Advance(TimeSpan.FromDays(23));
        }

        _time.Advance(TimeSpan.FromDays(8));

        var report = await Processor().RunAsync(Context(), default);

        Assert.Equal(2, Body(report).Pruned);
        Assert.Equal(2, report.Counts["pruned"]);
        Assert.Null(await _queue.GetAsync("conversions", "done-old"));
        Assert.Null(await _queue.GetAsync("conversions", "failed-old"));
        Assert.NotNull(await _queue.GetAsync("conversions", "failed-recent"));
    }
}
