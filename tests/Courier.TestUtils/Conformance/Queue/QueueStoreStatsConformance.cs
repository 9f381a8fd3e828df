using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>Conformance of <see cref="IQueueStore.GetStatsAsync"/>: depth per state and the age of the oldest due item.</summary>
public abstract class QueueStoreStatsConformance : QueueStoreConformanceBase
{
    [Fact]
    public async Task GetStatsAsync_ItemsInEveryState_CountsPerState()
    {
        var store = NewStore();
        var counts = new Dictionary<QueueState, int>
        {
            [QueueState.Queued] = 3, [QueueState.Processing] = 2, [QueueState.Retry] = 4,
            [QueueState.Completed] = 5, [QueueState.Failed] = 1, [QueueState.Unknown] = 2,
        };
        foreach (var (state, n) in counts)
            for (var i = 0; i < n; i++) await store.AddAsync(Items.InState(state, $"{state}-{i}"), None);

        var stats = await store.GetStatsAsync(QueueName, Start, None);

        Assert.Equal(QueueName, stats.Queue);
        foreach (var (state, n) in counts) Assert.Equal(n, stats.Count(state));
    }

    [Fact]
    public async Task GetStatsAsync_DueAndFutureItems_OldestDueAge()
    {
        var store = NewStore();
        await AddAllAsync(store,
        [
            Items.Queued("due-5", dueAt: Start - TimeSpan.FromMinutes(5)),
            Items.Retry("due-10", dueAt: Start - TimeSpan.FromMinutes(10)),
            Items.Queued("future", dueAt: Start + TimeSpan.FromMinutes(30)),
            Items.Completed("old-done", finishedAt: Start - TimeSpan.FromDays(3)),
        ]);

        var stats = await store.GetStatsAsync(QueueName, Start, None);

        Assert.Equal(TimeSpan.FromMinutes(10), stats.OldestDueAge);
        Assert.Equal(2, stats.Count(QueueState.Queued));
    }

    [Fact]
    public async Task GetStatsAsync_NothingDue_NoAge()
    {
        var store = NewStore();
        await AddAllAsync(store, [Items.Queued("future", dueAt: Start + TimeSpan.FromMinutes(1)), Items.Completed("done")]);

        var stats = await store.GetStatsAsync(QueueName, Start, None);

        Assert.Null(stats.OldestDueAge);
    }

    [Fact]
    public async Task GetStatsAsync_EmptyQueue_AllZero()
    {
        var stats = await NewStore().GetStatsAsync(QueueName, Start, None);

        Assert.All(Enum.GetValues<QueueState>(), s => Assert.Equal(0, stats.Count(s)));
        Assert.Null(stats.OldestDueAge);
    }

    [Fact]
    public async Task GetStatsAsync_OtherQueue_NotCounted()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync("other", "x", "{}");
        await queue.EnqueueAsync(QueueName, "y", "{}");

        var stats = await store.GetStatsAsync(QueueName, Start, None);

        Assert.Equal(1, stats.Count(QueueState.Queued));
    }

    [Fact]
    public async Task GetStatsAsync_AfterTransitions_FollowsTheItems()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        for (var i = 0; i < 4; i++) await queue.EnqueueAsync(QueueName, $"i{i}", "{}");
        var claimed = await queue.ClaimDueAsync(QueueName, "run-1", 3, Lease);
        await queue.CompleteAsync(claimed[0]);
        await queue.ScheduleRetryAsync(claimed[1], Start + TimeSpan.FromHours(1), "later");

        var stats = await store.GetStatsAsync(QueueName, Start, None);

        Assert.Equal(1, stats.Count(QueueState.Queued));
        Assert.Equal(1, stats.Count(QueueState.Processing));
        Assert.Equal(1, stats.Count(QueueState.Retry));
        Assert.Equal(1, stats.Count(QueueState.Completed));
    }
}
