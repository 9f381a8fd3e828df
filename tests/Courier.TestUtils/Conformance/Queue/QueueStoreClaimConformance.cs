using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>Conformance of due listing and claiming: a key-range read of waiting items, earliest first, each claimed once.</summary>
public abstract class QueueStoreClaimConformance : QueueStoreConformanceBase
{
    [Fact]
    public async Task ClaimDueAsync_DueItems_ClaimsEarliestFirstUnderLease()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "c", "{}", dueAt: Start - TimeSpan.FromMinutes(1));
        await queue.EnqueueAsync(QueueName, "a", "{}", dueAt: Start - TimeSpan.FromMinutes(3));
        await queue.EnqueueAsync(QueueName, "b", "{}", dueAt: Start - TimeSpan.FromMinutes(2));

        var claimed = await queue.ClaimDueAsync(QueueName, "run-1", 2, Lease);

        Assert.Equal(["a", "b"], claimed.Select(i => i.Id));
        Assert.All(claimed, i =>
        {
            Assert.Equal(QueueState.Processing, i.State);
            Assert.Equal("run-1", i.LeaseOwner);
            Assert.Equal(Start + Lease, i.LeaseUntil);
            Assert.Equal(0, i.Attempts);
            Assert.False(string.IsNullOrEmpty(i.LeaseToken));
        });
        Assert.NotEqual(claimed[0].LeaseToken, claimed[1].LeaseToken);
        AssertSameItem(claimed[0], await store.GetAsync(QueueName, "a", None));
    }

    [Fact]
    public async Task ClaimDueAsync_NothingDueYet_ClaimsNothing()
    {
        var queue = QueueOver(NewStore());
        await queue.EnqueueAsync(QueueName, "later", "{}", dueAt: Start + TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ClaimDueAsync(QueueName, "run-1", 10, Lease));
    }

    [Fact]
    public async Task ClaimDueAsync_AlreadyClaimed_NotClaimedAgain()
    {
        var queue = QueueOver(NewStore());
        for (var i = 0; i < 5; i++) await queue.EnqueueAsync(QueueName, $"i{i}", "{}");

        var first = await queue.ClaimDueAsync(QueueName, "run-1", 3, Lease);
        var second = await queue.ClaimDueAsync(QueueName, "run-2", 10, Lease);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(first.Select(i => i.Id).Intersect(second.Select(i => i.Id)));
    }

    [Fact]
    public async Task ListDueAsync_ItemsInEveryState_ListsOnlyWaitingOnes()
    {
        var store = NewStore();
        var past = Start - TimeSpan.FromHours(1);
        await AddAllAsync(store,
        [
            Items.Queued("queued", dueAt: past),
            Items.Retry("retry", dueAt: past),
            Items.Processing("processing", leaseUntil: past),
            Items.Completed("completed", finishedAt: past),
            Items.Failed("failed", finishedAt: past),
            Items.Unknown("unknown", since: past),
        ]);

        var due = await store.ListDueAsync(QueueName, Start, 100, None);

        Assert.Equal(["queued", "retry"], due.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListDueAsync_ManyItems_EarliestFirstAcrossPartitions()
    {
        var store = NewStore();
        var random = new Random(7);
        var items = Enumerable.Range(0, 40)
            .Select(n => Items.Queued($"item-{n}", dueAt: Start - TimeSpan.FromSeconds(random.Next(1, 100_000))))
            .ToList();
        await AddAllAsync(store, items);

        var due = await store.ListDueAsync(QueueName, Start, 15, None);

        Assert.Equal(items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(15).Select(i => i.Id), due.Select(i => i.Id));
    }

    [Fact]
    public async Task ListDueAsync_DueExactlyAtCutoff_IsIncluded()
    {
        var store = NewStore();
        await AddAllAsync(store, [Items.Queued("on-time", dueAt: Start), Items.Queued("one-tick-late", dueAt: Start + TimeSpan.FromTicks(1))]);

        var due = await store.ListDueAsync(QueueName, Start, 10, None);

        Assert.Equal("on-time", Assert.Single(due).Id);
    }

    [Fact]
    public async Task ListDueAsync_OtherQueue_NotListed()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync("other", "x", "{}");

        Assert.Empty(await store.ListDueAsync(QueueName, Start, 10, None));
    }

    [Fact]
    public async Task WriteAsync_VersionReadBeforeAnotherClaim_IsLostAndChangesNothing()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var read = Assert.Single(await store.ListDueAsync(QueueName, Start, 10, None));
        var winner = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));

        var late = QueueTransitions.Claim(read, "run-2", Start, Lease, "token-2").Next!;
        var outcome = Assert.Single(await store.WriteAsync([new ItemTransition(read, late)], None));

        Assert.False(outcome.Applied);
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
        AssertSameItem(winner, await store.GetAsync(QueueName, "x", None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteAsync_ItemBackInTheSameStateAndTimeSinceRead_IsLost(bool readFromListing)
    {
        // A-B-A: another instance claimed the item and put it back due at the very same time. The old read must still lose.
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var read = readFromListing ? Assert.Single(await store.ListDueAsync(QueueName, Start, 10, None)) : (await store.GetAsync(QueueName, "x", None))!;
        var other = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 1, Lease));
        Assert.True(Assert.Single(await queue.ApplyAsync([new ItemTransition(other, QueueTransitions.Postpone(other, other.LeaseToken, Start, Start, null).Next!)])).Applied);
        var current = await store.GetAsync(QueueName, "x", None);

        var stale = Assert.Single(await store.WriteAsync([new ItemTransition(read, QueueTransitions.Claim(read, "run-1", Start, Lease, "t1").Next!)], None));

        Assert.False(stale.Applied);
        AssertSameItem(current!, await store.GetAsync(QueueName, "x", None));
    }

    [Fact]
    public async Task WriteAsync_TwoWritesFromOneReadWithUnchangedIndexKey_SecondIsLost()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));

        // Same lease end, so the index key does not change: only the version can tell the second write is stale.
        var first = await queue.HeartbeatAsync(claimed, Lease);
        var second = Assert.Single(await store.WriteAsync([new ItemTransition(claimed, claimed with { LeaseOwner = "run-1b" })], None));

        Assert.True(first.Applied);
        Assert.False(second.Applied);
        Assert.Equal("run-1", (await store.GetAsync(QueueName, "x", None))!.LeaseOwner);
    }

    [Fact]
    public async Task ClaimDueAsync_ConcurrentClaimers_ClaimEachItemOnce()
    {
        var scope = NewScope();
        var setup = QueueOver(CreateStore(scope));
        for (var i = 0; i < 60; i++) await setup.EnqueueAsync(QueueName, $"i{i:D3}", "{}");

        var perClaimer = await Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
        {
            var store = CreateStore(scope);
            var queue = QueueOver(store);
            var mine = new List<QueueItem>();
            while (true)
            {
                var got = await queue.ClaimDueAsync(QueueName, $"claimer-{c}", 7, Lease);
                mine.AddRange(got);
                if (got.Count == 0 && (await store.ListDueAsync(QueueName, Start, 1, None)).Count == 0) return mine;
            }
        }));

        var all = perClaimer.SelectMany(x => x).Select(i => i.Id).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct(StringComparer.Ordinal).Count());
    }
}
