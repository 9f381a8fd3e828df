using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>Conformance of retention: finished items are listed by finish time and deleted conditionally; nothing else is pruned.</summary>
public abstract class QueueStoreRetentionConformance : QueueStoreConformanceBase
{
    private static readonly TimeSpan CompletedRetention = TimeSpan.FromDays(7);
    private static readonly TimeSpan FailedRetention = TimeSpan.FromDays(30);

    [Fact]
    public async Task PruneAsync_FinishedItems_DeletesOnlyThosePastRetention()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await AddAllAsync(store,
        [
            Items.Completed("completed-old", finishedAt: Start - TimeSpan.FromDays(8)),
            Items.Completed("completed-new", finishedAt: Start - TimeSpan.FromDays(6)),
            Items.Failed("failed-old", finishedAt: Start - TimeSpan.FromDays(31)),
            Items.Failed("failed-new", finishedAt: Start - TimeSpan.FromDays(29)),
        ]);

        var pruned = await queue.PruneAsync(QueueName, CompletedRetention, FailedRetention, 100);

        Assert.Equal(2, pruned);
        Assert.Null(await store.GetAsync(QueueName, "completed-old", None));
        Assert.Null(await store.GetAsync(QueueName, "failed-old", None));
        Assert.NotNull(await store.GetAsync(QueueName, "completed-new", None));
        Assert.NotNull(await store.GetAsync(QueueName, "failed-new", None));
        var stats = await store.GetStatsAsync(QueueName, Start, None);
        Assert.Equal(1, stats.Count(QueueState.Completed));
        Assert.Equal(1, stats.Count(QueueState.Failed));
    }

    [Fact]
    public async Task PruneAsync_UnfinishedItems_NeverDeleted()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        var old = Start - TimeSpan.FromDays(365);
        await AddAllAsync(store,
        [
            Items.Queued("queued", dueAt: old),
            Items.Retry("retry", dueAt: old),
            Items.Processing("processing", leaseUntil: old),
            Items.Unknown("unknown", since: old),
        ]);

        var pruned = await queue.PruneAsync(QueueName, CompletedRetention, FailedRetention, 100);

        Assert.Equal(0, pruned);
        foreach (var id in new[] { "queued", "retry", "processing", "unknown" }) Assert.NotNull(await store.GetAsync(QueueName, id, None));
    }

    [Fact]
    public async Task DeleteAsync_ItemChangedSinceRead_IsLostAndKept()
    {
        var store = NewStore();
        var failed = (await store.AddAsync(Items.Failed("f", finishedAt: Start - TimeSpan.FromDays(40)), None)).Item;
        var listed = Assert.Single(await store.ListInStateAsync(QueueName, QueueState.Failed, Start, 10, None));
        Assert.True(Assert.Single(await store.WriteAsync([new ItemTransition(failed, QueueTransitions.Redrive(failed, Start).Next!)], None)).Applied);

        var outcome = Assert.Single(await store.DeleteAsync([listed], None));

        Assert.False(outcome.Applied);
        Assert.Equal(QueueState.Queued, (await store.GetAsync(QueueName, "f", None))!.State);
    }

    [Fact]
    public async Task DeleteAsync_ItemFinishedAgainAtTheSameTimeSinceRead_IsLost()
    {
        // A-B-A: the item was requeued and failed again at the very same time, so its index key is back; the old read must lose.
        var store = NewStore();
        var queue = QueueOver(store);
        await store.AddAsync(Items.Failed("f", finishedAt: Start, lastError: "first"), None);
        var listed = Assert.Single(await store.ListInStateAsync(QueueName, QueueState.Failed, Start + TimeSpan.FromDays(31), 10, None));
        var fresh = (await store.GetAsync(QueueName, "f", None))!;
        Assert.True(Assert.Single(await store.WriteAsync([new ItemTransition(fresh, QueueTransitions.Redrive(fresh, Start).Next!)], None)).Applied);
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        Assert.True((await queue.FailAsync(claimed, "second")).Applied);

        var outcome = Assert.Single(await store.DeleteAsync([listed], None));

        Assert.False(outcome.Applied);
        Assert.Equal("second", (await store.GetAsync(QueueName, "f", None))!.LastError);
    }

    [Fact]
    public async Task DeleteAsync_ItemsFromGetAndFromListing_BothDeleted()
    {
        var store = NewStore();
        await AddAllAsync(store, [Items.Completed("a", finishedAt: Start - TimeSpan.FromDays(9)), Items.Completed("b", finishedAt: Start - TimeSpan.FromDays(9))]);
        var fromGet = (await store.GetAsync(QueueName, "a", None))!;
        var fromList = (await store.ListInStateAsync(QueueName, QueueState.Completed, Start, 10, None)).Single(i => i.Id == "b");

        var outcomes = await store.DeleteAsync([fromGet, fromList], None);

        Assert.All(outcomes, o => Assert.True(o.Applied));
        Assert.Equal(["a", "b"], outcomes.Select(o => o.Item.Id));
        Assert.Empty(await store.ListInStateAsync(QueueName, QueueState.Completed, Start, 10, None));
        Assert.Equal(0, (await store.GetStatsAsync(QueueName, Start, None)).Count(QueueState.Completed));
    }

    [Fact]
    public async Task ListInStateAsync_Completed_OldestFirstBeforeCutoff()
    {
        var store = NewStore();
        await AddAllAsync(store,
        [
            Items.Completed("d3", finishedAt: Start - TimeSpan.FromDays(3)),
            Items.Completed("d9", finishedAt: Start - TimeSpan.FromDays(9)),
            Items.Completed("d5", finishedAt: Start - TimeSpan.FromDays(5)),
            Items.Completed("at-cutoff", finishedAt: Start - TimeSpan.FromDays(2)),
            Items.Failed("failed", finishedAt: Start - TimeSpan.FromDays(9)),
        ]);

        var listed = await store.ListInStateAsync(QueueName, QueueState.Completed, Start - TimeSpan.FromDays(2), 10, None);
        var limited = await store.ListInStateAsync(QueueName, QueueState.Completed, Start - TimeSpan.FromDays(2), 2, None);

        Assert.Equal(["d9", "d5", "d3"], listed.Select(i => i.Id));
        Assert.Equal(["d9", "d5"], limited.Select(i => i.Id));
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Retry)]
    [InlineData(QueueState.Processing)]
    [InlineData(QueueState.Unknown)]
    public async Task ListInStateAsync_AnyState_OnlyThatStateBeforeCutoff(QueueState state)
    {
        var store = NewStore();
        foreach (var s in Enum.GetValues<QueueState>())
        {
            await store.AddAsync(Items.InState(s, $"{s}-old") with { DueAt = Start - TimeSpan.FromDays(2) }, None);
            await store.AddAsync(Items.InState(s, $"{s}-new") with { DueAt = Start + TimeSpan.FromDays(2) }, None);
        }

        var listed = await store.ListInStateAsync(QueueName, state, Start, 10, None);

        Assert.Equal($"{state}-old", Assert.Single(listed).Id);
    }

    [Fact]
    public async Task EnqueueAsync_AfterPrune_CreatesTheIdAgain()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await store.AddAsync(Items.Completed("sale-1", finishedAt: Start - TimeSpan.FromDays(8)), None);
        Assert.Equal(1, await queue.PruneAsync(QueueName, CompletedRetention, FailedRetention, 10));

        var again = await queue.EnqueueAsync(QueueName, "sale-1", "{}");

        Assert.True(again.Created);
    }
}
