using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>Conformance of the named transitions after a claim: each is a conditional write, and a stale or foreign one is lost.</summary>
public abstract class QueueStoreTransitionsConformance : QueueStoreConformanceBase
{
    [Fact]
    public async Task CompleteAsync_ByOwner_CompletesAndCountsAttempt()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        Time.Advance(TimeSpan.FromSeconds(30));

        var outcome = await queue.CompleteAsync(claimed, "{\"permalink\":\"p\"}");

        Assert.True(outcome.Applied);
        var stored = await store.GetAsync(QueueName, claimed.Id, None);
        AssertSameItem(outcome.Item, stored);
        Assert.Equal(QueueState.Completed, stored!.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal("{\"permalink\":\"p\"}", stored.Result);
        Assert.Equal(Start + TimeSpan.FromSeconds(30), stored.DueAt);
        Assert.Null(stored.LeaseOwner);
        Assert.Null(stored.LeaseToken);
        Assert.Null(stored.LeaseUntil);
    }

    [Fact]
    public async Task CompleteAsync_SameClaimTwice_SecondIsLost()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        var first = await queue.CompleteAsync(claimed, "{\"n\":1}");

        var second = await queue.CompleteAsync(claimed, "{\"n\":2}");

        Assert.True(first.Applied);
        Assert.False(second.Applied);
        Assert.Equal("{\"n\":1}", (await store.GetAsync(QueueName, claimed.Id, None))!.Result);
    }

    [Fact]
    public async Task ScheduleRetryAsync_Claimed_DueAgainAtNextAttempt()
    {
        var (store, queue, claimed) = await ClaimOneAsync();

        var outcome = await queue.ScheduleRetryAsync(claimed, Start + TimeSpan.FromMinutes(10), "http_503: unavailable");

        Assert.True(outcome.Applied);
        Assert.Equal(QueueState.Retry, outcome.Item.State);
        Assert.Equal(1, outcome.Item.Attempts);
        Assert.Empty(await store.ListDueAsync(QueueName, Start + TimeSpan.FromMinutes(9), 10, None));
        Time.Advance(TimeSpan.FromMinutes(10));
        var again = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 10, Lease));
        Assert.Equal("http_503: unavailable", again.LastError);
        Assert.Equal(1, again.Attempts);
    }

    [Fact]
    public async Task FailAsync_Claimed_FailsAndIsNeverDue()
    {
        var (store, queue, claimed) = await ClaimOneAsync();

        var outcome = await queue.FailAsync(claimed, "INVALID_GCLID: rejected");
        Time.Advance(TimeSpan.FromDays(1));

        Assert.True(outcome.Applied);
        Assert.Empty(await store.ListDueAsync(QueueName, Time.GetUtcNow(), 10, None));
        var failed = Assert.Single(await store.ListInStateAsync(QueueName, QueueState.Failed, Time.GetUtcNow(), 10, None));
        Assert.Equal("INVALID_GCLID: rejected", failed.LastError);
    }

    [Fact]
    public async Task MarkUnknownAsync_Claimed_NeverRetriedBlindly()
    {
        var (store, queue, claimed) = await ClaimOneAsync();

        var outcome = await queue.MarkUnknownAsync(claimed, "TIMEOUT: sent, no answer");
        Time.Advance(TimeSpan.FromDays(2));

        Assert.True(outcome.Applied);
        Assert.Empty(await queue.ClaimDueAsync(QueueName, "run-2", 10, Lease));
        Assert.Equal(0, await queue.RescueExpiredAsync(QueueName, TimeSpan.Zero, 10));
        Assert.Equal(claimed.Id, Assert.Single(await store.ListInStateAsync(QueueName, QueueState.Unknown, Time.GetUtcNow(), 10, None)).Id);
    }

    [Fact]
    public async Task HeartbeatAsync_Claimed_ExtendsLease()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        Time.Advance(TimeSpan.FromMinutes(4));

        var beat = await queue.HeartbeatAsync(claimed, Lease);
        Time.Advance(TimeSpan.FromMinutes(3));

        Assert.True(beat.Applied);
        Assert.Equal(Start + TimeSpan.FromMinutes(9), beat.Item.LeaseUntil);
        Assert.Empty(await store.ListExpiredLeasesAsync(QueueName, Time.GetUtcNow(), 10, None));
        Assert.True((await queue.CompleteAsync(beat.Item)).Applied);
    }

    [Fact]
    public async Task ApplyAsync_BatchWithStaleItems_OutcomesInInputOrder()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        for (var i = 0; i < 12; i++) await queue.EnqueueAsync(QueueName, $"i{i:D2}", "{}");
        var claimed = (await queue.ClaimDueAsync(QueueName, "run-1", 12, Lease)).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var stale = new HashSet<string>(StringComparer.Ordinal) { "i01", "i05", "i10" };
        foreach (var item in claimed.Where(i => stale.Contains(i.Id))) Assert.True((await queue.FailAsync(item, "first")).Applied);

        var plan = claimed.Select(i => new ItemTransition(i, QueueTransitions.Complete(i, i.LeaseToken!, Start).Next!)).ToList();
        var outcomes = await queue.ApplyAsync(plan);

        Assert.Equal(claimed.Select(i => i.Id), outcomes.Select(o => o.Item.Id));
        Assert.All(outcomes, o => Assert.Equal(!stale.Contains(o.Item.Id), o.Applied));
        foreach (var item in claimed)
            Assert.Equal(stale.Contains(item.Id) ? QueueState.Failed : QueueState.Completed, (await store.GetAsync(QueueName, item.Id, None))!.State);
    }

    [Fact]
    public async Task ApplyAsync_SameItemTwiceInOneBatch_SecondIsLost()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        var complete = new ItemTransition(claimed, QueueTransitions.Complete(claimed, claimed.LeaseToken!, Start).Next!);
        var fail = new ItemTransition(claimed, QueueTransitions.Fail(claimed, claimed.LeaseToken!, Start, "late").Next!);

        var outcomes = await queue.ApplyAsync([complete, fail]);

        Assert.True(outcomes[0].Applied);
        Assert.False(outcomes[1].Applied);
        Assert.Equal(QueueState.Completed, (await store.GetAsync(QueueName, claimed.Id, None))!.State);
    }

    [Fact]
    public async Task WriteAsync_ItemNeverStored_IsLost()
    {
        var store = NewStore();
        var ghost = Items.Queued("ghost");

        var outcome = Assert.Single(await store.WriteAsync([new ItemTransition(ghost, QueueTransitions.Claim(ghost, "run-1", Start, Lease, "t").Next!)], None));

        Assert.False(outcome.Applied);
        Assert.Null(await store.GetAsync(QueueName, "ghost", None));
    }

    [Fact]
    public async Task PostponeTransition_Claimed_ReleasedWithoutCountingAnAttempt()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        var later = Start + TimeSpan.FromMinutes(2);

        var outcome = Assert.Single(await queue.ApplyAsync([new ItemTransition(claimed, QueueTransitions.Postpone(claimed, claimed.LeaseToken, Start, later, null).Next!)]));

        Assert.True(outcome.Applied);
        var stored = await store.GetAsync(QueueName, claimed.Id, None);
        Assert.Equal(QueueState.Queued, stored!.State);
        Assert.Equal(0, stored.Attempts);
        Assert.Empty(await store.ListDueAsync(QueueName, Start, 10, None));
        Assert.Single(await store.ListDueAsync(QueueName, later, 10, None));
    }

    [Fact]
    public async Task RedriveTransition_Failed_DueNowAgain()
    {
        var store = NewStore();
        var failed = (await store.AddAsync(Items.Failed("f"), None)).Item;

        var outcome = Assert.Single(await store.WriteAsync([new ItemTransition(failed, QueueTransitions.Redrive(failed, Start).Next!)], None));

        Assert.True(outcome.Applied);
        Assert.Equal("f", Assert.Single(await store.ListDueAsync(QueueName, Start, 10, None)).Id);
        Assert.Empty(await store.ListInStateAsync(QueueName, QueueState.Failed, Start + TimeSpan.FromDays(1), 10, None));
    }

    [Fact]
    public async Task ReconcileTransition_Unknown_Completes()
    {
        var store = NewStore();
        var unknown = (await store.AddAsync(Items.Unknown("u"), None)).Item;

        var outcome = Assert.Single(await store.WriteAsync([new ItemTransition(unknown, QueueTransitions.Reconcile(unknown, Start, "{\"id\":\"post-1\"}").Next!)], None));

        Assert.True(outcome.Applied);
        Assert.Equal(QueueState.Completed, (await store.GetAsync(QueueName, "u", None))!.State);
        Assert.Empty(await store.ListInStateAsync(QueueName, QueueState.Unknown, Start + TimeSpan.FromDays(1), 10, None));
    }

    [Fact]
    public async Task WriteAsync_ItemFromGet_UsesItsVersion()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var fromGet = (await store.GetAsync(QueueName, "x", None))!;

        var claim = Assert.Single(await store.WriteAsync([new ItemTransition(fromGet, QueueTransitions.Claim(fromGet, "run-1", Start, Lease, "t1").Next!)], None));
        var again = Assert.Single(await store.WriteAsync([new ItemTransition(fromGet, QueueTransitions.Claim(fromGet, "run-2", Start, Lease, "t2").Next!)], None));

        Assert.True(claim.Applied);
        Assert.False(again.Applied);
        Assert.Equal("run-1", (await store.GetAsync(QueueName, "x", None))!.LeaseOwner);
    }

    private async Task<(IQueueStore Store, WorkQueue Queue, QueueItem Claimed)> ClaimOneAsync()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "item-1", "{\"n\":1}");
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        return (store, queue, claimed);
    }
}
