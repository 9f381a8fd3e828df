using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>
/// Conformance of the re-drive: Failed or Unknown items found by a key-range read go back to queued through the named
/// transition, conditionally; a race with another re-drive or a claim has one winner and never leaves two copies.
/// </summary>
public abstract class QueueStoreRedriveConformance : QueueStoreConformanceBase
{
    private static readonly RedriveFilter FailedAndUnknown = new() { States = new HashSet<QueueState> { QueueState.Failed, QueueState.Unknown } };

    /// <summary>Rounds of the re-drive-versus-claim race; a driver may raise it.</summary>
    protected virtual int RaceRounds => 20;

    [Fact]
    public async Task RedriveAsync_Failed_QueuedAgainWithItsHistoryAndOneIndexRow()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await store.AddAsync(Items.Failed("f", Start - TimeSpan.FromHours(1), "CREDENTIALS_REJECTED: invalid_grant", attempts: 3, groupKey: "shop-1"), None);
        Time.Advance(TimeSpan.FromMinutes(1));

        var result = await queue.RedriveAsync(QueueName, new RedriveFilter(), dryRun: false);

        Assert.Equal(new RedriveResult(1, 1, 0), result);
        var stored = await store.GetAsync(QueueName, "f", None);
        Assert.Equal(QueueState.Queued, stored!.State);
        Assert.Equal(3, stored.Attempts);
        Assert.Equal("CREDENTIALS_REJECTED: invalid_grant", stored.LastError);
        Assert.Equal("shop-1", stored.GroupKey);
        Assert.Equal(1, stored.Redrives);
        Assert.Equal(3, stored.AttemptsBeforeRedrive);
        Assert.Equal(Time.GetUtcNow(), stored.DueAt);
        Assert.Empty(await store.ListInStateAsync(QueueName, QueueState.Failed, DateTimeOffset.MaxValue, 10, None));
        var stats = await store.GetStatsAsync(QueueName, Time.GetUtcNow(), None);
        Assert.Equal(1, stats.Count(QueueState.Queued));
        Assert.Equal(0, stats.Count(QueueState.Failed));

        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 10, Lease));
        AssertSameItem(stored with { State = QueueState.Processing, LeaseOwner = "run-2", LeaseToken = claimed.LeaseToken, LeaseUntil = claimed.LeaseUntil }, claimed);
        Assert.True((await queue.CompleteAsync(claimed)).Applied);
        var completed = await store.GetAsync(QueueName, "f", None);
        Assert.Equal(4, completed!.Attempts);
        Assert.Equal(1, completed.Redrives);
    }

    [Fact]
    public async Task RedriveAsync_UnknownOnlyWhenAsked_MovedBackToQueued()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await store.AddAsync(Items.Unknown("u", Start - TimeSpan.FromMinutes(5)), None);

        var byDefault = await queue.RedriveAsync(QueueName, new RedriveFilter(), dryRun: false);
        var asked = await queue.RedriveAsync(QueueName, FailedAndUnknown, dryRun: false);

        Assert.Equal(new RedriveResult(0, 0, 0), byDefault);
        Assert.Equal(new RedriveResult(1, 1, 0), asked);
        Assert.Equal("u", Assert.Single(await store.ListDueAsync(QueueName, Start, 10, None)).Id);
        Assert.Empty(await store.ListInStateAsync(QueueName, QueueState.Unknown, DateTimeOffset.MaxValue, 10, None));
    }

    [Fact]
    public async Task RedriveAsync_DryRun_CountsAndChangesNothing()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        var stored = await AddAllAsync(store, [Items.Failed("a"), Items.Failed("b"), Items.Unknown("c"), Items.Completed("d")]);

        var result = await queue.RedriveAsync(QueueName, FailedAndUnknown, dryRun: true);

        Assert.Equal(new RedriveResult(3, 0, 0), result);
        foreach (var item in stored) AssertSameItem(item, await store.GetAsync(QueueName, item.Id, None));
        Assert.Empty(await store.ListDueAsync(QueueName, Start, 10, None));
    }

    [Fact]
    public async Task RedriveAsync_Filters_MovesOnlyMatchingItems()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await AddAllAsync(store,
        [
            Items.Failed("match", Start - TimeSpan.FromHours(2), "ACCOUNT_DISABLED: no", groupKey: "shop-1"),
            Items.Failed("too-old", Start - TimeSpan.FromHours(5), "ACCOUNT_DISABLED: no", groupKey: "shop-1"),
            Items.Failed("too-new", Start, "ACCOUNT_DISABLED: no", groupKey: "shop-1"),
            Items.Failed("other-site", Start - TimeSpan.FromHours(2), "ACCOUNT_DISABLED: no", groupKey: "shop-2"),
            Items.Failed("other-code", Start - TimeSpan.FromHours(2), "INVALID_GCLID: no", groupKey: "shop-1"),
        ]);
        var filter = new RedriveFilter { GroupKey = "shop-1", ErrorCode = "account_disabled", From = Start - TimeSpan.FromHours(3), To = Start - TimeSpan.FromHours(1) };

        var result = await queue.RedriveAsync(QueueName, filter, dryRun: false);

        Assert.Equal(new RedriveResult(1, 1, 0), result);
        Assert.Equal("match", Assert.Single(await store.ListDueAsync(QueueName, Start, 10, None)).Id);
        Assert.Equal(4, (await store.ListInStateAsync(QueueName, QueueState.Failed, DateTimeOffset.MaxValue, 10, None)).Count);
    }

    [Fact]
    public async Task FindInStateAsync_TimeRange_OnlyThatStateBetweenTheTimesOldestFirst()
    {
        var store = NewStore();
        await AddAllAsync(store,
        [
            Items.Failed("f-3h", Start - TimeSpan.FromHours(3)),
            Items.Failed("f-2h", Start - TimeSpan.FromHours(2)),
            Items.Failed("f-1h", Start - TimeSpan.FromHours(1)),
            Items.Failed("f-0", Start),
            Items.Unknown("u-2h", Start - TimeSpan.FromHours(2)),
            Items.Completed("c-2h", Start - TimeSpan.FromHours(2)),
            Items.Queued("q-2h", Start - TimeSpan.FromHours(2)),
        ]);

        var found = await store.FindInStateAsync(QueueName, QueueState.Failed, Start - TimeSpan.FromHours(2), Start, _ => true, 10, None);
        var unknown = await store.FindInStateAsync(QueueName, QueueState.Unknown, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _ => true, 10, None);
        var limited = await store.FindInStateAsync(QueueName, QueueState.Failed, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _ => true, 2, None);

        Assert.Equal(["f-2h", "f-1h"], found.Select(i => i.Id));
        Assert.Equal("u-2h", Assert.Single(unknown).Id);
        Assert.Equal(["f-3h", "f-2h"], limited.Select(i => i.Id));
    }

    [Fact]
    public async Task FindInStateAsync_MatchSkipsMany_StillFindsMaxMatches()
    {
        var store = NewStore();
        var items = Enumerable.Range(0, 40).Select(n => Items.Failed($"other-{n:D2}", Start - TimeSpan.FromHours(10) + TimeSpan.FromMinutes(n), groupKey: "shop-2"))
            .Concat(Enumerable.Range(0, 3).Select(n => Items.Failed($"mine-{n}", Start - TimeSpan.FromHours(1) + TimeSpan.FromMinutes(n), groupKey: "shop-1")));
        await AddAllAsync(store, items);

        var found = await store.FindInStateAsync(QueueName, QueueState.Failed, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, i => i.GroupKey == "shop-1", 2, None);

        Assert.Equal(["mine-0", "mine-1"], found.Select(i => i.Id));
    }

    [Fact]
    public async Task RedriveTransition_StaleCandidateAfterRedriveAndClaim_IsLostAndTheClaimHolds()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await store.AddAsync(Items.Failed("f"), None);
        var stale = Assert.Single(await store.FindInStateAsync(QueueName, QueueState.Failed, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _ => true, 10, None));
        Assert.Equal(1, (await queue.RedriveAsync(QueueName, new RedriveFilter(), dryRun: false)).Moved);
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 10, Lease));

        var late = Assert.Single(await store.WriteAsync([new ItemTransition(stale, QueueTransitions.Redrive(stale, Time.GetUtcNow()).Next!)], None));

        Assert.False(late.Applied);
        AssertSameItem(claimed, await store.GetAsync(QueueName, "f", None));
        Assert.Empty(await store.ListDueAsync(QueueName, Time.GetUtcNow() + TimeSpan.FromDays(1), 10, None));
        Assert.True((await queue.CompleteAsync(claimed)).Applied);
        var stats = await store.GetStatsAsync(QueueName, Time.GetUtcNow(), None);
        Assert.Equal(1, stats.ByState.Values.Sum());
    }

    [Fact]
    public async Task CompleteAsync_ClaimThatFailedTheItem_LostAfterRedrive()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var first = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        Assert.True((await queue.FailAsync(first, "INVALID_ARGUMENT: rejected")).Applied);
        Assert.Equal(1, (await queue.RedriveAsync(QueueName, new RedriveFilter(), dryRun: false)).Moved);

        var late = await queue.CompleteAsync(first);
        var second = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 1, Lease));

        Assert.False(late.Applied);
        Assert.True((await queue.CompleteAsync(second)).Applied);
        Assert.Equal(2, (await store.GetAsync(QueueName, "x", None))!.Attempts);
    }

    [Fact]
    public async Task RedriveAsync_RacingAnotherRedriveAndAClaim_OneWinsNothingDuplicated()
    {
        var scope = NewScope();
        var first = QueueOver(CreateStore(scope));
        var second = QueueOver(CreateStore(scope));
        var claimer = QueueOver(CreateStore(scope));
        var reader = CreateStore(scope);
        for (var round = 0; round < RaceRounds; round++)
        {
            var id = $"race-{round:D3}";
            await reader.AddAsync(Items.Failed(id, Time.GetUtcNow()), None);

            var redrives = new[] { first, second }.Select(q => Task.Run(() => q.RedriveAsync(QueueName, new RedriveFilter(), dryRun: false))).ToArray();
            var claim = Task.Run(() => claimer.ClaimDueAsync(QueueName, "claimer", 10, Lease));
            var results = await Task.WhenAll(redrives);
            var claimed = await claim;

            Assert.Equal(1, results.Sum(r => r.Moved));
            Assert.All(results, r => Assert.Equal(r.Matched, r.Moved + r.Lost));
            Assert.True(claimed.Count <= 1, $"round {round}: claimed {claimed.Count}");
            var stored = await reader.GetAsync(QueueName, id, None);
            Assert.Equal(claimed.Count == 1 ? QueueState.Processing : QueueState.Queued, stored!.State);
            Assert.Equal(1, stored.Redrives);
            var stats = await reader.GetStatsAsync(QueueName, Time.GetUtcNow(), None);
            Assert.Equal(1, stats.Count(QueueState.Queued) + stats.Count(QueueState.Processing));
            Assert.Equal(0, stats.Count(QueueState.Failed));

            // Finish the item so the next round starts from a queue with nothing waiting.
            var holder = claimed.Count == 1 ? claimed[0] : Assert.Single(await claimer.ClaimDueAsync(QueueName, "claimer", 10, Lease));
            Assert.True((await claimer.CompleteAsync(holder)).Applied);
            Assert.Empty(await claimer.ClaimDueAsync(QueueName, "claimer", 10, Lease));
        }
    }
}
