using Courier.Core.Runs;

namespace Courier.TestUtils.Conformance.Runs;

/// <summary>Conformance of <see cref="IRunStore"/>: save-then-replace, lookup by run id, newest runs first.</summary>
public abstract class RunStoreConformance
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store over storage no other test uses.</summary>
    protected abstract IRunStore CreateStore(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task SaveAsync_FinishedRun_RoundTripsEveryField()
    {
        var store = CreateStore(NewScope());
        var run = Run("artifact-worker", "run-1", Start) with
        {
            Trigger = RunTrigger.PastDue,
            FinishedAt = Start + TimeSpan.FromSeconds(42),
            Outcome = RunOutcome.Failed,
            Counts = new Dictionary<string, int> { ["processed"] = 3, ["failed"] = 1, ["deferred"] = 0 },
            Error = "InvalidOperationException: boom",
        };

        await store.SaveAsync(run, None);

        var stored = await store.GetAsync("artifact-worker", "run-1", None);
        Assert.NotNull(stored);
        var noCounts = new Dictionary<string, int>();
        Assert.Equal(run with { Counts = noCounts }, stored with { Counts = noCounts });
        Assert.Equal(run.Counts.OrderBy(c => c.Key), stored.Counts.OrderBy(c => c.Key));
    }

    [Fact]
    public async Task SaveAsync_CancelledRun_ReadsBackCancelledWithCountsAndReason()
    {
        var store = CreateStore(NewScope());
        var run = Run("social", "run-1", Start) with
        {
            FinishedAt = Start + TimeSpan.FromMinutes(9.5),
            Outcome = RunOutcome.Cancelled,
            Counts = new Dictionary<string, int> { ["processed"] = 7 },
            Error = "deadline exceeded",
        };

        await store.SaveAsync(run, None);

        var stored = (await store.GetAsync("social", "run-1", None))!;
        Assert.Equal(RunOutcome.Cancelled, stored.Outcome);
        Assert.Equal(7, stored.Counts["processed"]);
        Assert.Equal("deadline exceeded", stored.Error);
    }

    [Fact]
    public async Task SaveAsync_SameRunAgain_ReplacesIt()
    {
        var store = CreateStore(NewScope());
        var started = Run("social", "run-1", Start);
        await store.SaveAsync(started, None);

        await store.SaveAsync(started with { Outcome = RunOutcome.Succeeded, FinishedAt = Start + TimeSpan.FromMinutes(1) }, None);

        var runs = await store.ListRecentAsync("social", 10, None);
        Assert.Equal(RunOutcome.Succeeded, Assert.Single(runs).Outcome);
        Assert.Equal(RunOutcome.Succeeded, (await store.GetAsync("social", "run-1", None))!.Outcome);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = CreateStore(NewScope());
        await store.SaveAsync(Run("social", "run-1", Start), None);

        Assert.Null(await store.GetAsync("social", "run-2", None));
        Assert.Null(await store.GetAsync("artifact-worker", "run-1", None));
    }

    [Fact]
    public async Task ListRecentAsync_ManyRuns_NewestFirstUpToMax()
    {
        var store = CreateStore(NewScope());
        var order = new[] { 3, 0, 4, 1, 2 };
        foreach (var minute in order) await store.SaveAsync(Run("recover-processing", $"run-{minute}", Start + TimeSpan.FromMinutes(minute)), None);
        await store.SaveAsync(Run("other-job", "run-9", Start + TimeSpan.FromHours(1)), None);

        var recent = await store.ListRecentAsync("recover-processing", 3, None);

        Assert.Equal(["run-4", "run-3", "run-2"], recent.Select(r => r.RunId));
    }

    private static RunRecord Run(string job, string runId, DateTimeOffset startedAt) =>
        new() { Job = job, RunId = runId, Instance = "host-1", Trigger = RunTrigger.Timer, StartedAt = startedAt };
}
