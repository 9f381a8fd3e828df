using Courier.Core.Errors;
using Courier.Core.Queue;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Queue;

public sealed class WorkQueueTests
{
    private const string Q = "conversions";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryQueueStore _store = new();
    private readonly WorkQueue _queue;

    public WorkQueueTests()
    {
        _queue = new WorkQueue(_store, _time);
    }

    // ---- Enqueue

    [Fact]
    public async Task EnqueueAsync_SameKeyTwice_ReturnsExistingItemUnchanged()
    {
        var first = await _queue.EnqueueAsync(Q, "sale-1", "{\"v\":1}");
        _time.Advance(TimeSpan.FromMinutes(1));

        var second = await _queue.EnqueueAsync(Q, "sale-1", "{\"v\":2}");

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal("{\"v\":1}", second.Item.Payload);
        Assert.Equal(first.Item.CreatedAt, second.Item.CreatedAt);
    }

    [Fact]
    public async Task EnqueueAsync_NewKey_QueuedDueNow()
    {
        var result = await _queue.EnqueueAsync(Q, "sale-1", "{}", groupKey: "site-1");

        Assert.Equal(QueueState.Queued, result.Item.State);
        Assert.Equal(TestClock.Start, result.Item.DueAt);
        Assert.Equal("site-1", result.Item.GroupKey);
        Assert.Equal(0, result.Item.Attempts);
    }

    [Theory]
    [InlineData("", "id")]
    [InlineData("bad queue", "id")]
    [InlineData("q", "")]
    [InlineData("q", "line\nbreak")]
    public async Task EnqueueAsync_InvalidKey_Throws(string queue, string id)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _queue.EnqueueAsync(queue, id, "{}"));
    }

    // ---- Claim

    [Fact]
    public async Task ClaimDueAsync_SomeNotDue_ClaimsOnlyDueOnes()
    {
        await _queue.EnqueueAsync(Q, "now", "{}");
        await _queue.EnqueueAsync(Q, "later", "{}", dueAt: TestClock.Start.AddMinutes(10));

        var claimed = await _queue.ClaimDueAsync(Q, "run-1", 10, Lease);

        Assert.Equal(["now"], claimed.Select(i => i.Id));
        _time.Advance(TimeSpan.FromMinutes(10));
        var later = await _queue.ClaimDueAsync(Q, "run-1", 10, Lease);
        Assert.Equal(["later"], later.Select(i => i.Id));
    }

    [Fact]
    public async Task ClaimDueAsync_MoreDueThanMax_ClaimsMaxEarliestFirst()
    {
        for (var i = 0; i < 10; i++) await _queue.EnqueueAsync(Q, $"i{i}", "{}", dueAt: TestClock.Start.AddSeconds(-i));

        var claimed = await _queue.ClaimDueAsync(Q, "run-1", 3, Lease);

        Assert.Equal(["i9", "i8", "i7"], claimed.Select(i => i.Id));
        Assert.All(claimed, i =>
        {
            Assert.Equal(QueueState.Processing, i.State);
            Assert.Equal("run-1", i.LeaseOwner);
            Assert.Equal(TestClock.Start + Lease, i.LeaseUntil);
            Assert.Equal(0, i.Attempts);
        });
        Assert.Equal(3, claimed.Select(i => i.LeaseToken).Distinct().Count());
    }

    [Fact]
    public async Task ClaimDueAsync_AlreadyClaimed_SecondClaimerGetsNothing()
    {
        await _queue.EnqueueAsync(Q, "a", "{}");
        await _queue.ClaimDueAsync(Q, "run-1", 10, Lease);

        var second = await _queue.ClaimDueAsync(Q, "run-2", 10, Lease);

        Assert.Empty(second);
    }

    [Fact]
    public async Task ClaimDueAsync_ManyConcurrentClaimers_EachItemClaimedOnce()
    {
        for (var i = 0; i < 200; i++) await _queue.EnqueueAsync(Q, $"i{i:000}", "{}");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(() => _queue.ClaimDueAsync(Q, $"run-{n}", 40, Lease))));

        // Claimers that lost every pass may come back short; whatever they left is still claimable, never double-claimed.
        var ids = claims.SelectMany(c => c).Select(i => i.Id).ToList();
        ids.AddRange((await _queue.ClaimDueAsync(Q, "sweeper", 200, Lease)).Select(i => i.Id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(200, ids.Count);
    }

    [Fact]
    public async Task ClaimDueAsync_ZeroMax_ClaimsNothing()
    {
        await _queue.EnqueueAsync(Q, "a", "{}");

        Assert.Empty(await _queue.ClaimDueAsync(Q, "run-1", 0, Lease));
    }

    // ---- PlanFailure

    private async Task<QueueItem> ClaimOneAsync(int attempts = 0)
    {
        await _queue.EnqueueAsync(Q, "a", "{}");
        if (attempts > 0)
        {
            var stored = (await _queue.GetAsync(Q, "a"))!;
            _store.Put(stored with { State = QueueState.Retry, Attempts = attempts });
        }

        return Assert.Single(await _queue.ClaimDueAsync(Q, "run-1", 1, Lease));
    }

    [Fact]
    public async Task PlanFailure_Permanent_Failed()
    {
        var claimed = await ClaimOneAsync();

        var plan = _queue.PlanFailure(claimed, ProviderError.Permanent("UNPARSEABLE_GCLID", "bad click id"), new RecordingRetryPolicy(TimeSpan.FromMinutes(1)), 5);

        Assert.Equal(QueueState.Failed, plan.Next!.State);
        Assert.Equal("UNPARSEABLE_GCLID: bad click id", plan.Next.LastError);
    }

    [Fact]
    public async Task PlanFailure_UnknownOutcome_Unknown()
    {
        var claimed = await ClaimOneAsync();

        var plan = _queue.PlanFailure(claimed, ProviderError.Unknown("timeout", "sent, no answer"), new RecordingRetryPolicy(TimeSpan.FromMinutes(1)), 5);

        Assert.Equal(QueueState.Unknown, plan.Next!.State);
    }

    [Fact]
    public async Task PlanFailure_Transient_RetryAtPolicyTimeWithAttemptNumber()
    {
        var claimed = await ClaimOneAsync(attempts: 1);
        var policy = new RecordingRetryPolicy(TimeSpan.FromMinutes(7));
        var error = ProviderError.Transient("http_503", "busy");

        var plan = _queue.PlanFailure(claimed, error, policy, 5);

        Assert.Equal(QueueState.Retry, plan.Next!.State);
        Assert.Equal(TestClock.Start.AddMinutes(7), plan.Next.DueAt);
        Assert.Equal(2, plan.Next.Attempts);
        var call = Assert.Single(policy.Calls);
        Assert.Equal((TestClock.Start, 2, error), call);
    }

    [Fact]
    public async Task PlanFailure_RateLimited_RetryAtPolicyTime()
    {
        var claimed = await ClaimOneAsync();
        var policy = new RecordingRetryPolicy(TimeSpan.FromMinutes(3));

        var plan = _queue.PlanFailure(claimed, ProviderError.RateLimited("http_429", "slow down", TimeSpan.FromSeconds(30)), policy, 5);

        Assert.Equal(QueueState.Retry, plan.Next!.State);
        Assert.Equal(TestClock.Start.AddMinutes(3), plan.Next.DueAt);
        Assert.Single(policy.Calls);
    }

    [Theory]
    [InlineData(ErrorClass.Transient)]
    [InlineData(ErrorClass.RateLimited)]
    public async Task PlanFailure_LastAllowedAttempt_Failed(ErrorClass errorClass)
    {
        var claimed = await ClaimOneAsync(attempts: 4);
        var policy = new RecordingRetryPolicy(TimeSpan.FromMinutes(1));

        var plan = _queue.PlanFailure(claimed, new ProviderError(errorClass, "http_503", "busy", TimeSpan.FromSeconds(1)), policy, 5);

        Assert.Equal(QueueState.Failed, plan.Next!.State);
        Assert.Equal("http_503: busy (gave up after 5 attempts)", plan.Next.LastError);
        Assert.Empty(policy.Calls);
    }

    [Fact]
    public async Task PlanFailure_BelowMaxAttempts_Retry()
    {
        var claimed = await ClaimOneAsync(attempts: 3);

        var plan = _queue.PlanFailure(claimed, ProviderError.Transient("http_503", "busy"), new RecordingRetryPolicy(TimeSpan.FromMinutes(1)), 5);

        Assert.Equal(QueueState.Retry, plan.Next!.State);
    }

    [Fact]
    public async Task PlanFailure_RedrivenAfterGivingUp_RetryBudgetStartsAgain()
    {
        await _queue.EnqueueAsync(Q, "a", "{}");
        var stored = (await _queue.GetAsync(Q, "a"))!;
        _store.Put(stored with { State = QueueState.Failed, Attempts = 5, LastError = "http_503: busy (gave up after 5 attempts)" });
        Assert.Equal(1, (await _queue.RedriveAsync(Q, new RedriveFilter(), dryRun: false)).Moved);
        var claimed = Assert.Single(await _queue.ClaimDueAsync(Q, "run-1", 1, Lease));

        var plan = _queue.PlanFailure(claimed, ProviderError.Transient("http_503", "busy"), new RecordingRetryPolicy(TimeSpan.FromMinutes(1)), 5);

        Assert.Equal(QueueState.Retry, plan.Next!.State);
        Assert.Equal(6, plan.Next.Attempts);
    }

    // ---- Redrive

    [Fact]
    public async Task RedriveAsync_Filters_MovesOnlyMatchingOldestFirstUpToLimit()
    {
        var start = _time.GetUtcNow();
        Put("old", QueueState.Failed, start.AddHours(-3), "shop-1", "CREDENTIALS_REJECTED: invalid_grant");
        Put("mid", QueueState.Failed, start.AddHours(-2), "shop-1", "credentials_rejected: invalid_grant");
        Put("new", QueueState.Failed, start.AddHours(-1), "shop-1", "CREDENTIALS_REJECTED: invalid_grant");
        Put("other-site", QueueState.Failed, start.AddHours(-2), "shop-2", "CREDENTIALS_REJECTED: invalid_grant");
        Put("other-code", QueueState.Failed, start.AddHours(-2), "shop-1", "INVALID_GCLID: bad");
        Put("unknown", QueueState.Unknown, start.AddHours(-2), "shop-1", "CREDENTIALS_REJECTED: timeout");
        Put("completed", QueueState.Completed, start.AddHours(-2), "shop-1", "CREDENTIALS_REJECTED: x");
        var filter = new RedriveFilter { GroupKey = "shop-1", ErrorCode = "CREDENTIALS_REJECTED", From = start.AddHours(-3), To = start.AddHours(-1), Limit = 10 };

        var dry = await _queue.RedriveAsync(Q, filter, dryRun: true);
        var limited = await _queue.RedriveAsync(Q, filter with { Limit = 1 }, dryRun: false);
        var rest = await _queue.RedriveAsync(Q, filter, dryRun: false);

        Assert.Equal(new RedriveResult(2, 0, 0), dry);
        Assert.Equal(new RedriveResult(1, 1, 0), limited);
        Assert.Equal(QueueState.Queued, (await _queue.GetAsync(Q, "old"))!.State);
        Assert.Equal(new RedriveResult(1, 1, 0), rest);
        var states = new Dictionary<string, QueueState>();
        foreach (var id in new[] { "old", "mid", "new", "other-site", "other-code", "unknown", "completed" }) states[id] = (await _queue.GetAsync(Q, id))!.State;
        Assert.Equal(QueueState.Queued, states["mid"]);
        Assert.All(["new", "other-site", "other-code"], id => Assert.Equal(QueueState.Failed, states[id]));
        Assert.Equal(QueueState.Unknown, states["unknown"]);
        Assert.Equal(QueueState.Completed, states["completed"]);
    }

    [Fact]
    public async Task RedriveAsync_UnknownAskedFor_MovesUnknownToo()
    {
        var start = _time.GetUtcNow();
        Put("f", QueueState.Failed, start.AddMinutes(-2), null, "X: y");
        Put("u", QueueState.Unknown, start.AddMinutes(-1), null, "TIMEOUT: sent, no answer");

        var onlyUnknown = await _queue.RedriveAsync(Q, new RedriveFilter { States = new HashSet<QueueState> { QueueState.Unknown } }, dryRun: false);
        var both = await _queue.RedriveAsync(Q, new RedriveFilter { States = new HashSet<QueueState> { QueueState.Failed, QueueState.Unknown } }, dryRun: true);

        Assert.Equal(new RedriveResult(1, 1, 0), onlyUnknown);
        Assert.Equal(new RedriveResult(1, 0, 0), both);
        Assert.Equal(QueueState.Queued, (await _queue.GetAsync(Q, "u"))!.State);
    }

    [Theory]
    [InlineData(QueueState.Queued, 10)]
    [InlineData(QueueState.Failed, 0)]
    [InlineData(QueueState.Failed, 10001)]
    public async Task RedriveAsync_InvalidFilter_Throws(QueueState state, int limit)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _queue.RedriveAsync(Q, new RedriveFilter { States = new HashSet<QueueState> { state }, Limit = limit }, dryRun: true));
    }

    private void Put(string id, QueueState state, DateTimeOffset finishedAt, string? groupKey, string lastError) =>
        _store.Put(new QueueItem
        {
            Queue = Q, Id = id, State = state, DueAt = finishedAt, CreatedAt = finishedAt.AddHours(-1), UpdatedAt = finishedAt,
            Attempts = 1, GroupKey = groupKey, LastError = lastError,
        });

    // ---- Single acknowledgements and fencing

    [Fact]
    public async Task CompleteAsync_HeldClaim_Completed()
    {
        var claimed = await ClaimOneAsync();

        var outcome = await _queue.CompleteAsync(claimed, "{\"r\":1}");

        Assert.True(outcome.Applied);
        Assert.Equal(QueueState.Completed, (await _queue.GetAsync(Q, "a"))!.State);
    }

    [Fact]
    public async Task CompleteAsync_AfterRescue_LostAndItemStaysRescued()
    {
        var claimed = await ClaimOneAsync();
        _time.Advance(Lease + TimeSpan.FromMinutes(15));
        Assert.Equal(1, await _queue.RescueExpiredAsync(Q, TimeSpan.FromMinutes(15), 100));

        var outcome = await _queue.CompleteAsync(claimed);

        Assert.False(outcome.Applied);
        Assert.Equal(QueueState.Retry, (await _queue.GetAsync(Q, "a"))!.State);
    }

    [Fact]
    public async Task HeartbeatAsync_HeldClaim_ExtendsLeaseSoRescueSkipsIt()
    {
        var claimed = await ClaimOneAsync();
        _time.Advance(TimeSpan.FromMinutes(4));

        var beat = await _queue.HeartbeatAsync(claimed, Lease);
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.True(beat.Applied);
        Assert.Equal(0, await _queue.RescueExpiredAsync(Q, TimeSpan.Zero, 100));
    }

    [Fact]
    public async Task ScheduleRetryAsync_StaleCopy_LostNotThrown()
    {
        var claimed = await ClaimOneAsync();
        await _queue.HeartbeatAsync(claimed, Lease);

        var outcome = await _queue.ScheduleRetryAsync(claimed, TestClock.Start.AddMinutes(1), "http_503");

        Assert.False(outcome.Applied);
        Assert.NotNull(outcome.Reason);
    }

    [Fact]
    public async Task FailAsync_NotClaimed_LostWithReason()
    {
        await _queue.EnqueueAsync(Q, "a", "{}");
        var waiting = (await _queue.GetAsync(Q, "a"))!;

        var outcome = await _queue.FailAsync(waiting with { LeaseToken = "x" }, "nope");

        Assert.False(outcome.Applied);
        Assert.Equal("item is Queued, not Processing", outcome.Reason);
    }

    [Fact]
    public async Task MarkUnknownAsync_HeldClaim_Unknown()
    {
        var claimed = await ClaimOneAsync();

        Assert.True((await _queue.MarkUnknownAsync(claimed, "timeout after send")).Applied);
        Assert.Equal(QueueState.Unknown, (await _queue.GetAsync(Q, "a"))!.State);
    }

    [Fact]
    public async Task ApplyAsync_Empty_NoWrites()
    {
        Assert.Empty(await _queue.ApplyAsync([]));
    }

    // ---- Rescue

    [Fact]
    public async Task RescueExpiredAsync_ExpiredLongEnough_RetryDueNow()
    {
        await ClaimOneAsync();
        _time.Advance(Lease + TimeSpan.FromMinutes(15));

        var rescued = await _queue.RescueExpiredAsync(Q, TimeSpan.FromMinutes(15), 100);

        Assert.Equal(1, rescued);
        var item = (await _queue.GetAsync(Q, "a"))!;
        Assert.Equal(QueueState.Retry, item.State);
        Assert.Equal(1, item.Attempts);
        Assert.Equal(_time.GetUtcNow(), item.DueAt);
    }

    [Fact]
    public async Task RescueExpiredAsync_ExpiredLessThanMinAge_Untouched()
    {
        await ClaimOneAsync();
        _time.Advance(Lease + TimeSpan.FromMinutes(14));

        Assert.Equal(0, await _queue.RescueExpiredAsync(Q, TimeSpan.FromMinutes(15), 100));
        Assert.Equal(QueueState.Processing, (await _queue.GetAsync(Q, "a"))!.State);
    }

    [Fact]
    public async Task RescueExpiredAsync_MaxAttemptsReached_Failed()
    {
        await ClaimOneAsync(attempts: 2);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, await _queue.RescueExpiredAsync(Q, TimeSpan.FromMinutes(15), 100, maxAttempts: 3));
        Assert.Equal(QueueState.Failed, (await _queue.GetAsync(Q, "a"))!.State);
    }

    [Fact]
    public async Task RescueExpiredAsync_MoreThanMax_RescuesMax()
    {
        for (var i = 0; i < 5; i++) await _queue.EnqueueAsync(Q, $"i{i}", "{}");
        await _queue.ClaimDueAsync(Q, "run-1", 5, Lease);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, await _queue.RescueExpiredAsync(Q, TimeSpan.FromMinutes(15), 2));
    }

    // ---- Prune

    [Theory]
    [InlineData(QueueState.Completed, 8, true)]
    [InlineData(QueueState.Completed, 6, false)]
    [InlineData(QueueState.Failed, 31, true)]
    [InlineData(QueueState.Failed, 29, false)]
    [InlineData(QueueState.Unknown, 400, false)]
    [InlineData(QueueState.Queued, 400, false)]
    public async Task PruneAsync_DefaultRetention_DeletesOnlyOldFinishedItems(QueueState state, int ageDays, bool pruned)
    {
        var finishedAt = TestClock.Start.AddDays(-ageDays);
        _store.Put(Items.Waiting(finishedAt) with { Queue = Q, Id = "a", State = state });

        var count = await _queue.PruneAsync(Q, TimeSpan.FromDays(7), TimeSpan.FromDays(30), 100);

        Assert.Equal(pruned ? 1 : 0, count);
        Assert.Equal(pruned, await _queue.GetAsync(Q, "a") is null);
    }

    [Fact]
    public async Task GetStatsAsync_MixedStates_CountsPerStateAndOldestDueAge()
    {
        await _queue.EnqueueAsync(Q, "old", "{}", dueAt: TestClock.Start.AddMinutes(-30));
        await _queue.EnqueueAsync(Q, "new", "{}");
        await _queue.EnqueueAsync(Q, "future", "{}", dueAt: TestClock.Start.AddHours(1));

        var stats = await _queue.GetStatsAsync(Q);

        Assert.Equal(3, stats.Count(QueueState.Queued));
        Assert.Equal(0, stats.Count(QueueState.Failed));
        Assert.Equal(TimeSpan.FromMinutes(30), stats.OldestDueAge);
    }
}
