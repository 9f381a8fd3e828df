using System.Text.Json;
using Courier.Core.Errors;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Queue;

public sealed class QueueDrainerTests
{
    private const string Q = "conversions";
    private const string Owner = "run-1";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(7);

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryQueueStore _store = new();
    private readonly WorkQueue _queue;

    public QueueDrainerTests()
    {
        _queue = new WorkQueue(_store, _time);
    }

    public sealed record Sale(string SiteId, string SaleId, decimal Value);

    private QueueDrainer<Sale> Drainer(int batchSize = 100, int? maxAttempts = 5, int deferredCountLimit = 1000) =>
        new(_store, _time, new RecordingRetryPolicy(RetryDelay), new QueueDrainSettings(Q) { BatchSize = batchSize, MaxAttempts = maxAttempts, DeferredCountLimit = deferredCountLimit });

    private RunBudget Budget(TimeSpan? length = null) => new(_time, _time.GetUtcNow(), length ?? TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(30));

    private async Task EnqueueAsync(string id, string site = "site-1", int attempts = 0)
    {
        await _queue.EnqueueAsync(Q, id, JsonSerializer.Serialize(new Sale(site, id, 1.5m), JsonSerializerOptions.Web));
        if (attempts > 0) _store.Put((await _queue.GetAsync(Q, id))! with { State = QueueState.Retry, Attempts = attempts });
    }

    private async Task<QueueItem> GetAsync(string id) => (await _queue.GetAsync(Q, id))!;

    private static Func<ClaimedItem<Sale>, CancellationToken, Task<ItemOutcome>> CompleteAll() =>
        (item, _) => Task.FromResult(ItemOutcome.Completed($"{{\"sale\":\"{item.Payload.SaleId}\"}}"));

    [Fact]
    public async Task DrainEachAsync_EmptyQueue_NothingAndNoDeferred()
    {
        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, CompleteAll());

        Assert.Equal(QueueDrainResult.Empty, result);
    }

    [Fact]
    public async Task DrainEachAsync_ReadablePayloads_CompletesAllWithResults()
    {
        foreach (var id in new[] { "a", "b", "c" }) await EnqueueAsync(id);

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, CompleteAll());

        Assert.Equal(new QueueDrainResult(3, 3, 0, 0, 0, 0, 0, 0), result);
        var b = await GetAsync("b");
        Assert.Equal(QueueState.Completed, b.State);
        Assert.Equal("{\"sale\":\"b\"}", b.Result);
        Assert.Equal(1, b.Attempts);
    }

    [Fact]
    public async Task DrainEachAsync_CorruptPayloads_FailAloneWithReadableReasonOthersProceed()
    {
        await EnqueueAsync("a");
        await _queue.EnqueueAsync(Q, "broken", "{\"siteId\": \"s\", \"saleId\": ");
        await _queue.EnqueueAsync(Q, "null", "null");
        await _queue.EnqueueAsync(Q, "wrong-type", "{\"value\":\"not a number\"}");
        await EnqueueAsync("z");
        var handled = new List<string>();

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, ct) =>
        {
            handled.Add(item.Id);
            return CompleteAll()(item, ct);
        });

        Assert.Equal(["a", "z"], handled.Order());
        Assert.Equal(new QueueDrainResult(5, 2, 3, 0, 0, 0, 0, 0), result);
        foreach (var id in new[] { "broken", "null", "wrong-type" })
        {
            var item = await GetAsync(id);
            Assert.Equal(QueueState.Failed, item.State);
            Assert.StartsWith("payload unreadable: ", item.LastError, StringComparison.Ordinal);
        }

        Assert.Equal("payload unreadable: the payload is null", (await GetAsync("null")).LastError);
        Assert.Equal(QueueState.Completed, (await GetAsync("z")).State);
    }

    [Fact]
    public async Task DrainEachAsync_EveryOutcome_LandsInTheRightStateAndCount()
    {
        var postponeTo = TestClock.Start.AddMinutes(6);
        var outcomes = new Dictionary<string, ItemOutcome>
        {
            ["completed"] = ItemOutcome.Completed("{\"id\":\"x\"}"),
            ["transient"] = ItemOutcome.Retry(ProviderError.Transient("http_503", "busy")),
            ["limited"] = ItemOutcome.Retry(ProviderError.RateLimited("http_429", "slow down", TimeSpan.FromHours(6))),
            ["permanent"] = ItemOutcome.Retry(ProviderError.Permanent("INVALID_GCLID", "bad click")),
            ["sent-no-answer"] = ItemOutcome.Retry(ProviderError.Unknown("timeout", "no answer after send")),
            ["failed"] = ItemOutcome.Failed("no connection"),
            ["unknown"] = ItemOutcome.Unknown("container never finished"),
            ["gated"] = ItemOutcome.Postponed(postponeTo, "CIRCUIT_OPEN"),
            ["released"] = ItemOutcome.Released(),
        };
        foreach (var id in outcomes.Keys) await EnqueueAsync(id);

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, _) => Task.FromResult(outcomes[item.Id]));

        Assert.Equal(9, result.Processed);
        Assert.Equal((1, 2, 2, 2, 2, 0), (result.Completed, result.Failed, result.Retried, result.Unknown, result.Postponed, result.Lost));
        Assert.Equal((QueueState.Completed, "{\"id\":\"x\"}"), ((await GetAsync("completed")).State, (await GetAsync("completed")).Result));
        var transient = await GetAsync("transient");
        Assert.Equal((QueueState.Retry, 1, TestClock.Start + RetryDelay, "http_503: busy"), (transient.State, transient.Attempts, transient.DueAt, transient.LastError));
        Assert.Equal(QueueState.Retry, (await GetAsync("limited")).State);
        Assert.Equal((QueueState.Failed, "INVALID_GCLID: bad click"), ((await GetAsync("permanent")).State, (await GetAsync("permanent")).LastError));
        Assert.Equal(QueueState.Unknown, (await GetAsync("sent-no-answer")).State);
        Assert.Equal((QueueState.Failed, "no connection"), ((await GetAsync("failed")).State, (await GetAsync("failed")).LastError));
        Assert.Equal((QueueState.Unknown, "container never finished"), ((await GetAsync("unknown")).State, (await GetAsync("unknown")).LastError));
        var gated = await GetAsync("gated");
        Assert.Equal((QueueState.Retry, 0, postponeTo, "CIRCUIT_OPEN"), (gated.State, gated.Attempts, gated.DueAt, gated.LastError));
        var released = await GetAsync("released");
        Assert.Equal((QueueState.Queued, 0, TestClock.Start, null), (released.State, released.Attempts, released.DueAt, released.LastError));
    }

    [Fact]
    public async Task DrainEachAsync_RetryOnLastAllowedAttempt_FailedAndCountedFailed()
    {
        await EnqueueAsync("a", attempts: 2);

        var result = await Drainer(maxAttempts: 3).DrainEachAsync(Budget(), Owner, 100, (_, _) => Task.FromResult(ItemOutcome.Retry(ProviderError.Transient("http_503", "busy"))));

        Assert.Equal((1, 0), (result.Failed, result.Retried));
        var item = await GetAsync("a");
        Assert.Equal(QueueState.Failed, item.State);
        Assert.Equal("http_503: busy (gave up after 3 attempts)", item.LastError);
    }

    [Fact]
    public async Task DrainEachAsync_NoMaxAttempts_RetriesForever()
    {
        await EnqueueAsync("a", attempts: 500);

        var result = await Drainer(maxAttempts: null).DrainEachAsync(Budget(), Owner, 100, (_, _) => Task.FromResult(ItemOutcome.Retry(ProviderError.Transient("http_503", "busy"))));

        Assert.Equal(1, result.Retried);
    }

    [Fact]
    public async Task DrainAsync_BudgetEnds_StopsClaimingAndReportsDeferred()
    {
        for (var i = 0; i < 10; i++) await EnqueueAsync($"i{i}");
        var calls = 0;

        var result = await Drainer(batchSize: 2).DrainAsync(Budget(TimeSpan.FromMinutes(10)), Owner, 1000, (batch, _) =>
        {
            calls++;
            // Each batch takes five minutes: after two, less than the 30 s reserve is left.
            _time.Advance(TimeSpan.FromMinutes(5));
            return Task.FromResult<IReadOnlyList<ItemOutcome>>(batch.Select(_ => ItemOutcome.Completed()).ToList());
        });

        Assert.Equal(2, calls);
        Assert.Equal((4, 4, 6), (result.Processed, result.Completed, result.Deferred));
        Assert.Equal(6, (await _store.ListDueAsync(Q, _time.GetUtcNow(), 100, default)).Count);
    }

    [Fact]
    public async Task DrainAsync_BudgetAlreadySpent_ClaimsNothingAndCountsAllDueAsDeferred()
    {
        for (var i = 0; i < 3; i++) await EnqueueAsync($"i{i}");
        var budget = Budget(TimeSpan.FromSeconds(20));

        var result = await Drainer().DrainEachAsync(budget, Owner, 100, CompleteAll());

        Assert.Equal((0, 3), (result.Processed, result.Deferred));
        Assert.All(await _store.ListDueAsync(Q, _time.GetUtcNow(), 100, default), i => Assert.Equal(QueueState.Queued, i.State));
    }

    [Fact]
    public async Task DrainEachAsync_LimitReached_StopsAndReportsDeferred()
    {
        for (var i = 0; i < 5; i++) await EnqueueAsync($"i{i}");

        var result = await Drainer(batchSize: 2).DrainEachAsync(Budget(), Owner, 3, CompleteAll());

        Assert.Equal((3, 3, 2), (result.Processed, result.Completed, result.Deferred));
    }

    [Fact]
    public async Task DrainEachAsync_ManyDueLeft_DeferredCountIsBounded()
    {
        for (var i = 0; i < 12; i++) await EnqueueAsync($"i{i:00}");

        var result = await Drainer(deferredCountLimit: 5).DrainEachAsync(Budget(), Owner, 1, CompleteAll());

        Assert.Equal((1, 5), (result.Processed, result.Deferred));
    }

    [Fact]
    public async Task DrainEachAsync_NotDueItems_NeitherClaimedNorDeferred()
    {
        await EnqueueAsync("now");
        await _queue.EnqueueAsync(Q, "later", "{}", dueAt: TestClock.Start.AddHours(1));

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, CompleteAll());

        Assert.Equal((1, 0), (result.Processed, result.Deferred));
        Assert.Equal(QueueState.Queued, (await GetAsync("later")).State);
    }

    [Fact]
    public async Task DrainEachAsync_ItemRescuedByAnotherInstanceMidWork_CountedLostNotThrown()
    {
        await EnqueueAsync("slow");
        await EnqueueAsync("fast");

        // One item per batch, so only "slow" (claimed second) is held when the clock jumps.
        var result = await Drainer(batchSize: 1).DrainEachAsync(Budget(TimeSpan.FromHours(2)), Owner, 100, async (item, ct) =>
        {
            if (item.Id == "slow")
            {
                // The work outlives the lease; another instance's recovery rescues and re-claims the item meanwhile.
                _time.Advance(TimeSpan.FromMinutes(30));
                Assert.Equal(1, await _queue.RescueExpiredAsync(Q, TimeSpan.FromMinutes(15), 10, cancellationToken: ct));
                Assert.Single(await _queue.ClaimDueAsync(Q, "run-2", 10, TimeSpan.FromMinutes(5), ct));
            }

            return ItemOutcome.Completed();
        });

        Assert.Equal((2, 1, 1), (result.Processed, result.Completed, result.Lost));
        var slow = await GetAsync("slow");
        Assert.Equal(QueueState.Processing, slow.State);
        Assert.Equal("run-2", slow.LeaseOwner);
    }

    /// <summary>Claims the items as a run that then dies: they stay Processing under a lease ending <paramref name="lease"/> from now.</summary>
    private async Task<IReadOnlyList<QueueItem>> CrashedRunHoldsAsync(string queue, TimeSpan lease, params string[] ids)
    {
        foreach (var id in ids) await _queue.EnqueueAsync(queue, id, JsonSerializer.Serialize(new Sale("site-1", id, 1.5m), JsonSerializerOptions.Web));
        var held = await _queue.ClaimDueAsync(queue, "crashed-run", ids.Length, lease);
        Assert.Equal(ids.Length, held.Count);
        return held;
    }

    [Fact]
    public async Task DrainEachAsync_ExpiredLeasesOfItsQueue_RescuedBeforeTheFirstClaimAndHandledInTheSameRun()
    {
        var recording = new RecordingQueueStore(_store);
        var drainer = new QueueDrainer<Sale>(recording, _time, new RecordingRetryPolicy(RetryDelay), new QueueDrainSettings(Q) { BatchSize = 2, MaxAttempts = 5, LeaseFor = TimeSpan.FromMinutes(5) });
        await CrashedRunHoldsAsync(Q, TimeSpan.FromMinutes(5), "c1", "c2", "c3");
        await EnqueueAsync("fresh");
        // The dead run's lease has just ended: no grace on top of the lease itself.
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await drainer.DrainEachAsync(Budget(), Owner, 100, CompleteAll());

        Assert.Equal((3, 4, 4), (result.Recovered, result.Processed, result.Completed));
        Assert.Equal(3, result.ToCounts()["recovered"]);
        // Batches of 2: a full one, then a short one; only then the first claim.
        Assert.Equal(["expired:" + Q, "expired:" + Q, "due:" + Q], recording.Reads.Take(3));
        Assert.DoesNotContain("expired:" + Q, recording.Reads.Skip(2));
        var c1 = await GetAsync("c1");
        Assert.Equal((QueueState.Completed, 2), (c1.State, c1.Attempts));
    }

    [Fact]
    public async Task DrainEachAsync_LeaseNotYetExpired_LeftWithItsOwner()
    {
        await CrashedRunHoldsAsync(Q, TimeSpan.FromMinutes(5), "live");
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, CompleteAll());

        Assert.Equal((0, 0), (result.Recovered, result.Processed));
        var live = await GetAsync("live");
        Assert.Equal((QueueState.Processing, "crashed-run"), (live.State, live.LeaseOwner));
    }

    [Fact]
    public async Task DrainEachAsync_ExpiredLeasesOfAnotherQueue_NeverTouched()
    {
        var recording = new RecordingQueueStore(_store);
        var drainer = new QueueDrainer<Sale>(recording, _time, new RecordingRetryPolicy(RetryDelay), new QueueDrainSettings(Q));
        await CrashedRunHoldsAsync("artifacts", TimeSpan.FromMinutes(5), "zip-1");
        _time.Advance(TimeSpan.FromHours(1));

        var result = await drainer.DrainEachAsync(Budget(), Owner, 100, CompleteAll());

        Assert.Equal(0, result.Recovered);
        Assert.DoesNotContain(recording.Reads, r => r.EndsWith(":artifacts", StringComparison.Ordinal));
        var zip = (await _queue.GetAsync("artifacts", "zip-1"))!;
        Assert.Equal((QueueState.Processing, "crashed-run", 0), (zip.State, zip.LeaseOwner, zip.Attempts));
    }

    [Fact]
    public async Task DrainEachAsync_BudgetAlreadySpent_RescuesNothing()
    {
        await CrashedRunHoldsAsync(Q, TimeSpan.FromMinutes(5), "c1");
        _time.Advance(TimeSpan.FromHours(1));
        var spent = new RunBudget(_time, _time.GetUtcNow(), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

        var result = await Drainer().DrainEachAsync(spent, Owner, 100, CompleteAll());

        Assert.Equal(0, result.Recovered);
        Assert.Equal(QueueState.Processing, (await GetAsync("c1")).State);
    }

    [Fact]
    public async Task DrainEachAsync_ItemRescuedFromADeadRun_ItsOldOwnerCanNeverCompleteIt()
    {
        var old = Assert.Single(await CrashedRunHoldsAsync(Q, TimeSpan.FromMinutes(5), "sale"));
        _time.Advance(TimeSpan.FromMinutes(6));

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, async (item, ct) =>
        {
            // The old owner wakes up while the new run holds the item: its token no longer matches.
            Assert.False((await _queue.CompleteAsync(old, cancellationToken: ct)).Applied);
            return ItemOutcome.Completed("{\"by\":\"new\"}");
        });

        Assert.Equal((1, 1, 0), (result.Recovered, result.Completed, result.Lost));
        var sale = await GetAsync("sale");
        Assert.Equal((QueueState.Completed, "{\"by\":\"new\"}", 2), (sale.State, sale.Result, sale.Attempts));
        // Nor afterwards: a completed item is never completed (or rescued) again.
        Assert.False((await _queue.CompleteAsync(old)).Applied);
        Assert.Equal(0, await _queue.RescueExpiredAsync(Q, TimeSpan.Zero, 10));
    }

    [Fact]
    public async Task DrainEachAsync_ItemRescuedButNotClaimed_OldOwnerCannotCompleteIt()
    {
        var old = Assert.Single(await CrashedRunHoldsAsync(Q, TimeSpan.FromMinutes(5), "sale"));
        _time.Advance(TimeSpan.FromMinutes(6));

        // A limit of 0 claims nothing: the rescue alone runs.
        var result = await Drainer().DrainEachAsync(Budget(), Owner, 0, CompleteAll());

        Assert.Equal((1, 0), (result.Recovered, result.Processed));
        var lost = await _queue.CompleteAsync(old);
        Assert.False(lost.Applied);
        var sale = await GetAsync("sale");
        Assert.Equal((QueueState.Retry, 1, null), (sale.State, sale.Attempts, sale.LeaseToken));
        Assert.StartsWith("LEASE_EXPIRED", sale.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainEachAsync_HeartbeatDuringLongWork_AcknowledgementStillApplies()
    {
        await EnqueueAsync("archive");

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, async (item, ct) =>
        {
            _time.Advance(TimeSpan.FromMinutes(4));
            Assert.True(await item.HeartbeatAsync(ct));
            _time.Advance(TimeSpan.FromMinutes(4));
            Assert.True(await item.HeartbeatAsync(ct));
            return ItemOutcome.Completed();
        });

        Assert.Equal((1, 0), (result.Completed, result.Lost));
    }

    [Fact]
    public async Task DrainEachAsync_ReleasedItems_NotReclaimedInTheSameRun()
    {
        for (var i = 0; i < 4; i++) await EnqueueAsync($"i{i}");
        var calls = 0;

        var result = await Drainer(batchSize: 3).DrainEachAsync(Budget(), Owner, 100, (_, _) =>
        {
            calls++;
            return Task.FromResult(ItemOutcome.Released());
        });

        Assert.Equal(4, calls);
        Assert.Equal((4, 4, 4), (result.Processed, result.Postponed, result.Deferred));
        foreach (var id in new[] { "i0", "i1", "i2", "i3" })
        {
            var item = await GetAsync(id);
            Assert.Equal((QueueState.Queued, 0, (string?)null), (item.State, item.Attempts, item.LeaseToken));
        }
    }

    [Fact]
    public async Task DrainEachAsync_RetryDueAtOnce_EachItemHandledOnceAndLeftDue()
    {
        await EnqueueAsync("a");
        await EnqueueAsync("b");
        var drainer = new QueueDrainer<Sale>(_store, _time, new RecordingRetryPolicy(TimeSpan.Zero), new QueueDrainSettings(Q) { BatchSize = 1, MaxAttempts = 5 });
        var calls = new List<string>();

        var result = await drainer.DrainEachAsync(Budget(), Owner, 100, (item, _) =>
        {
            calls.Add(item.Id);
            return Task.FromResult(ItemOutcome.Retry(ProviderError.Transient("http_503", "busy")));
        });

        Assert.Equal(["a", "b"], calls);
        Assert.Equal((2, 2, 2), (result.Processed, result.Retried, result.Deferred));
        foreach (var id in calls)
        {
            var item = await GetAsync(id);
            Assert.Equal((QueueState.Retry, 1, (string?)null), (item.State, item.Attempts, item.LeaseToken));
        }
    }

    [Fact]
    public async Task DrainEachAsync_HandledItemFallsDueAgainMidRun_NotHandledTwiceAndLaterItemsStillHandled()
    {
        await EnqueueAsync("a");
        await EnqueueAsync("b");
        await _queue.EnqueueAsync(Q, "c", JsonSerializer.Serialize(new Sale("site-1", "c", 1m), JsonSerializerOptions.Web), dueAt: TestClock.Start.AddMinutes(5));
        var drainer = new QueueDrainer<Sale>(_store, _time, new RecordingRetryPolicy(TimeSpan.FromMinutes(1)), new QueueDrainSettings(Q) { BatchSize = 1, MaxAttempts = 5 });
        var calls = new List<string>();

        // a fails at 2 min and is due again at 3 min; b ends at 6 min, when a (3 min) is claimed before c (5 min).
        var result = await drainer.DrainEachAsync(Budget(), Owner, 100, (item, _) =>
        {
            calls.Add(item.Id);
            _time.Advance(TimeSpan.FromMinutes(item.Id switch { "a" => 2, "b" => 4, _ => 0 }));
            return Task.FromResult(item.Id == "a" ? ItemOutcome.Retry(ProviderError.Transient("http_503", "busy")) : ItemOutcome.Completed());
        });

        Assert.Equal(["a", "b", "c"], calls);
        Assert.Equal((3, 1, 2, 1), (result.Processed, result.Retried, result.Completed, result.Deferred));
        var a = await GetAsync("a");
        Assert.Equal((QueueState.Retry, 1, TestClock.Start.AddMinutes(3)), (a.State, a.Attempts, a.DueAt));
    }

    [Fact]
    public async Task DrainEachAsync_ReleasedThenLaterBatchThrows_ReleasedItemStillHandedBack()
    {
        await EnqueueAsync("a");
        await EnqueueAsync("b");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Drainer(batchSize: 1).DrainEachAsync(Budget(), Owner, 100, (item, _) =>
            item.Id == "a" ? Task.FromResult(ItemOutcome.Released()) : throw new InvalidOperationException("bug")));

        Assert.Equal(QueueState.Queued, (await GetAsync("a")).State);
        Assert.Equal(QueueState.Processing, (await GetAsync("b")).State);
    }

    [Fact]
    public async Task DrainEachAsync_ProviderExceptionFromOneItem_ThatItemRetriedOthersComplete()
    {
        await EnqueueAsync("a");
        await EnqueueAsync("b");

        var result = await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, ct) =>
            item.Id == "a" ? throw new ProviderException(ProviderError.Transient("http_502", "bad gateway")) : CompleteAll()(item, ct));

        Assert.Equal((1, 1), (result.Retried, result.Completed));
        Assert.Equal("http_502: bad gateway", (await GetAsync("a")).LastError);
    }

    [Fact]
    public async Task DrainEachAsync_UnexpectedException_AcksFinishedReleasesUntouchedLeavesFailingLeasedAndRethrows()
    {
        foreach (var id in new[] { "a", "b", "c" }) await EnqueueAsync(id);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Drainer().DrainEachAsync(Budget(), Owner, 100, (item, ct) =>
            item.Id == "b" ? throw new InvalidOperationException("bug") : CompleteAll()(item, ct)));

        Assert.Equal("bug", ex.Message);
        Assert.Equal(QueueState.Completed, (await GetAsync("a")).State);
        Assert.Equal(QueueState.Processing, (await GetAsync("b")).State);
        Assert.Equal(QueueState.Queued, (await GetAsync("c")).State);
    }

    [Fact]
    public async Task DrainEachAsync_RunStoppedDuringACall_ThatItemWaitsAsInterruptedAndIsLookedAtBeforeActingAgain()
    {
        foreach (var id in new[] { "a", "b", "c" }) await EnqueueAsync(id);
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Drainer(batchSize: 1).DrainEachAsync(Budget(), Owner, 100, async (item, ct) =>
        {
            if (item.Id != "b") return await CompleteAll()(item, ct);
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return ItemOutcome.Completed();
        }, stop.Token));

        Assert.Equal(QueueState.Completed, (await GetAsync("a")).State);
        var interrupted = await GetAsync("b");
        // Back at once for another instance, no attempt counted, but marked: its call may have reached the provider.
        Assert.Equal((QueueState.Retry, 0), (interrupted.State, interrupted.Attempts));
        Assert.StartsWith(QueueErrorCodes.Interrupted + ":", interrupted.LastError, StringComparison.Ordinal);
        Assert.True(interrupted.DueAt <= _time.GetUtcNow());
        Assert.Equal(QueueState.Queued, (await GetAsync("c")).State);

        var seen = new List<(string Id, bool MayHaveActed)>();
        await Drainer().DrainEachAsync(Budget(), "run-2", 100, (item, ct) =>
        {
            seen.Add((item.Id, item.MayHaveActedBefore));
            return CompleteAll()(item, ct);
        });
        Assert.Contains(("b", true), seen);
        Assert.Contains(("c", false), seen);
    }

    [Fact]
    public async Task DrainGroupsAsync_ItemsOfSeveralSites_OneCallPerGroupInClaimOrder()
    {
        await EnqueueAsync("a1", "site-a");
        _time.Advance(TimeSpan.FromSeconds(1));
        await EnqueueAsync("b1", "site-b");
        _time.Advance(TimeSpan.FromSeconds(1));
        await EnqueueAsync("a2", "site-a");
        var calls = new List<(string Site, string[] Ids)>();

        var result = await Drainer().DrainGroupsAsync(Budget(), Owner, 100, item => item.Payload.SiteId, (site, items, _) =>
        {
            calls.Add((site, items.Select(i => i.Id).ToArray()));
            return Task.FromResult<IReadOnlyList<ItemOutcome>>(items.Select(_ => ItemOutcome.Completed()).ToList());
        });

        Assert.Equal(3, result.Completed);
        Assert.Equal(2, calls.Count);
        Assert.Equal(["a1", "a2"], calls.Single(c => c.Site == "site-a").Ids);
        Assert.Equal(["b1"], calls.Single(c => c.Site == "site-b").Ids);
    }

    [Fact]
    public async Task DrainGroupsAsync_WholeRequestFailsForOneGroup_OnlyThatGroupRetried()
    {
        await EnqueueAsync("a1", "site-a");
        await EnqueueAsync("a2", "site-a");
        await EnqueueAsync("b1", "site-b");

        var result = await Drainer().DrainGroupsAsync(Budget(), Owner, 100, item => item.Payload.SiteId, (site, items, _) =>
            site == "site-a"
                ? throw new ProviderException(ProviderError.Transient("http_503", "upload unavailable"))
                : Task.FromResult<IReadOnlyList<ItemOutcome>>(items.Select(_ => ItemOutcome.Completed()).ToList()));

        Assert.Equal((2, 1), (result.Retried, result.Completed));
        Assert.Equal(QueueState.Retry, (await GetAsync("a2")).State);
        Assert.Equal(QueueState.Completed, (await GetAsync("b1")).State);
    }

    [Fact]
    public async Task DrainAsync_BatchHandler_GetsBatchesOfBatchSize()
    {
        for (var i = 0; i < 5; i++) await EnqueueAsync($"i{i}");
        var sizes = new List<int>();

        await Drainer(batchSize: 2).DrainAsync(Budget(), Owner, 100, (batch, _) =>
        {
            sizes.Add(batch.Count);
            return Task.FromResult<IReadOnlyList<ItemOutcome>>(batch.Select(_ => ItemOutcome.Completed()).ToList());
        });

        Assert.Equal([2, 2, 1], sizes);
    }

    [Fact]
    public async Task DrainAsync_HandlerReturnsWrongNumberOfOutcomes_ThrowsAndLeavesBatchLeased()
    {
        await EnqueueAsync("a");
        await EnqueueAsync("b");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Drainer().DrainAsync(Budget(), Owner, 100, (_, _) =>
            Task.FromResult<IReadOnlyList<ItemOutcome>>([ItemOutcome.Completed()])));

        Assert.Equal("queue conversions: the handler must return one outcome per item; it returned 1 for 2", ex.Message);
        Assert.Equal(QueueState.Processing, (await GetAsync("a")).State);
    }

    [Fact]
    public async Task DrainEachAsync_ClaimedItem_ExposesAttemptNumberAndPayload()
    {
        await EnqueueAsync("a", attempts: 2);
        ClaimedItem<Sale>? seen = null;

        await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, _) =>
        {
            seen = item;
            return Task.FromResult(ItemOutcome.Completed());
        });

        Assert.NotNull(seen);
        Assert.Equal(3, seen.Attempt);
        Assert.Equal(new Sale("site-1", "a", 1.5m), seen.Payload);
        Assert.Equal(Owner, seen.Item.LeaseOwner);
    }

    [Theory]
    [InlineData(0, "BatchSize must be between 1 and 5000, was 0")]
    [InlineData(5001, "BatchSize must be between 1 and 5000, was 5001")]
    public void Constructor_BadBatchSize_ThrowsNamingTheSetting(int batchSize, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Drainer(batchSize: batchSize));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Constructor_ZeroLease_Throws()
    {
        var settings = new QueueDrainSettings(Q) { LeaseFor = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => new QueueDrainer<Sale>(_store, _time, new RecordingRetryPolicy(RetryDelay), settings));

        Assert.Equal("LeaseFor must be positive, was 00:00:00", ex.Message);
    }

    [Fact]
    public void For_QueueDefinition_TakesNameAndMaxAttempts()
    {
        var settings = QueueDrainSettings.For(new QueueDefinition("social", "social-auto-poster-runner", 5, new Dictionary<QueueState, string>()));

        Assert.Equal(("social", 5), (settings.Queue, settings.MaxAttempts));
    }

    [Fact]
    public void ToCounts_Result_NamesEveryCount()
    {
        var counts = (new QueueDrainResult(9, 1, 2, 3, 1, 1, 1, 7) with { Recovered = 4 }).ToCounts();

        Assert.Equal(
            new Dictionary<string, int> { ["processed"] = 9, ["completed"] = 1, ["failed"] = 2, ["retried"] = 3, ["unknown"] = 1, ["postponed"] = 1, ["lost"] = 1, ["deferred"] = 7, ["recovered"] = 4 },
            counts);
    }

    [Fact]
    public void ItemOutcome_FailedWithoutReason_Throws()
    {
        Assert.Throws<ArgumentException>(() => ItemOutcome.Failed(" "));
    }

    [Fact]
    public async Task DrainEachAsync_PostponedWithCheckpoint_StoredInResultAndReadByNextClaim()
    {
        await EnqueueAsync("a");
        var seen = new List<string?>();

        await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, _) =>
            Task.FromResult(ItemOutcome.Postponed(_time.GetUtcNow().AddMinutes(1), "IN_PROGRESS").WithCheckpoint("{\"containerId\":\"c1\"}")));
        _time.Advance(TimeSpan.FromMinutes(1));
        await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, _) =>
        {
            seen.Add(item.Item.Result);
            return Task.FromResult(ItemOutcome.Completed("{\"postId\":\"p1\"}").WithCheckpoint("{\"ignored\":true}"));
        });

        Assert.Equal(["{\"containerId\":\"c1\"}"], seen);
        var a = await GetAsync("a");
        Assert.Equal((QueueState.Completed, "{\"postId\":\"p1\"}", 1), (a.State, a.Result, a.Attempts));
    }

    [Fact]
    public async Task DrainEachAsync_RetryWithCheckpoint_KeptWhileWaiting()
    {
        await EnqueueAsync("a");

        await Drainer().DrainEachAsync(Budget(), Owner, 100, (item, _) =>
            Task.FromResult(ItemOutcome.Retry(ProviderError.Transient("2", "down")).WithCheckpoint("{\"containerId\":\"c1\"}")));

        var a = await GetAsync("a");
        Assert.Equal((QueueState.Retry, "{\"containerId\":\"c1\"}"), (a.State, a.Result));
    }
}
