using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>Conformance of lease expiry and rescue: a rescued item can never be completed by its old owner, a completed one never rescued.</summary>
public abstract class QueueStoreRescueConformance : QueueStoreConformanceBase
{
    private static readonly TimeSpan MinAge = TimeSpan.FromMinutes(15);

    /// <summary>Rounds of the rescue-versus-completion race; a driver may raise it.</summary>
    protected virtual int RaceRounds => 20;

    [Fact]
    public async Task RescueExpiredAsync_LeaseExpiredLongEnough_RetriesNowAndCountsAttempt()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        Time.Advance(Lease + MinAge);

        var rescued = await queue.RescueExpiredAsync(QueueName, MinAge, 10);

        Assert.Equal(1, rescued);
        var stored = await store.GetAsync(QueueName, claimed.Id, None);
        Assert.Equal(QueueState.Retry, stored!.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.LeaseToken);
        Assert.StartsWith("LEASE_EXPIRED", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(claimed.Id, Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 10, Lease)).Id);
    }

    [Fact]
    public async Task RescueExpiredAsync_LeaseNotExpiredLongEnough_RescuesNothing()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        Time.Advance(Lease + MinAge - TimeSpan.FromSeconds(1));

        var rescued = await queue.RescueExpiredAsync(QueueName, MinAge, 10);

        Assert.Equal(0, rescued);
        AssertSameItem(claimed, await store.GetAsync(QueueName, claimed.Id, None));
    }

    [Fact]
    public async Task RescueExpiredAsync_MaxAttemptsReached_Fails()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await store.AddAsync(Items.Processing("tired", leaseUntil: Start - MinAge, attempts: 2), None);

        var rescued = await queue.RescueExpiredAsync(QueueName, MinAge, 10, maxAttempts: 3);

        Assert.Equal(1, rescued);
        var stored = await store.GetAsync(QueueName, "tired", None);
        Assert.Equal(QueueState.Failed, stored!.State);
        Assert.Equal(3, stored.Attempts);
    }

    [Fact]
    public async Task CompleteAsync_AfterRescue_OldOwnerIsLostAndStateUnchanged()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        Time.Advance(Lease + MinAge);
        Assert.Equal(1, await queue.RescueExpiredAsync(QueueName, MinAge, 10));
        var afterRescue = await store.GetAsync(QueueName, claimed.Id, None);

        var late = await queue.CompleteAsync(claimed, "{\"late\":true}");

        Assert.False(late.Applied);
        AssertSameItem(afterRescue!, await store.GetAsync(QueueName, claimed.Id, None));
    }

    [Fact]
    public async Task CompleteAsync_AfterRescueAndReclaim_OldOwnerIsLost()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        Time.Advance(Lease + MinAge);
        await queue.RescueExpiredAsync(QueueName, MinAge, 10);
        var reclaimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 1, Lease));

        var late = await queue.CompleteAsync(claimed);

        Assert.False(late.Applied);
        AssertSameItem(reclaimed, await store.GetAsync(QueueName, claimed.Id, None));
        Assert.True((await queue.CompleteAsync(reclaimed)).Applied);
    }

    [Fact]
    public async Task RescueExpiredAsync_AfterCompletion_RescuesNothing()
    {
        var (store, queue, claimed) = await ClaimOneAsync();
        var expired = Assert.Single(await store.ListExpiredLeasesAsync(QueueName, Start + Lease, 10, None));
        Assert.True((await queue.CompleteAsync(claimed)).Applied);
        Time.Advance(Lease + MinAge);

        var rescued = await queue.RescueExpiredAsync(QueueName, MinAge, 10);
        var stale = Assert.Single(await store.WriteAsync([new ItemTransition(expired, QueueTransitions.Rescue(expired, Time.GetUtcNow(), MinAge).Next!)], None));

        Assert.Equal(0, rescued);
        Assert.False(stale.Applied);
        Assert.Equal(QueueState.Completed, (await store.GetAsync(QueueName, claimed.Id, None))!.State);
    }

    [Fact]
    public async Task RescueExpiredAsync_RacingCompletion_NeverBothWin()
    {
        var scope = NewScope();
        var worker = QueueOver(CreateStore(scope));
        var rescuer = QueueOver(CreateStore(scope));
        var reader = CreateStore(scope);
        for (var round = 0; round < RaceRounds; round++)
        {
            var id = $"race-{round:D3}";
            await worker.EnqueueAsync(QueueName, id, "{}");
            var claimed = Assert.Single(await worker.ClaimDueAsync(QueueName, "worker", 1, Lease));
            Time.Advance(Lease + MinAge);

            var completion = Task.Run(() => worker.CompleteAsync(claimed));
            var rescue = Task.Run(() => rescuer.RescueExpiredAsync(QueueName, MinAge, 10));
            await Task.WhenAll(completion, rescue);

            var completed = (await completion).Applied;
            var rescued = await rescue == 1;
            Assert.True(completed ^ rescued, $"round {round}: completed={completed}, rescued={rescued}");
            var stored = await reader.GetAsync(QueueName, id, None);
            Assert.Equal(completed ? QueueState.Completed : QueueState.Retry, stored!.State);
            Assert.Equal(1, stored.Attempts);
            if (!completed)
            {
                // Leave nothing behind for the next round's rescue or claim.
                var again = Assert.Single(await worker.ClaimDueAsync(QueueName, "worker", 1, Lease));
                Assert.True((await worker.CompleteAsync(again)).Applied);
            }
        }
    }

    [Fact]
    public async Task ListExpiredLeasesAsync_MixedLeases_OnlyExpiredOldestFirst()
    {
        var store = NewStore();
        await AddAllAsync(store,
        [
            Items.Processing("late", leaseUntil: Start - TimeSpan.FromMinutes(1)),
            Items.Processing("early", leaseUntil: Start - TimeSpan.FromMinutes(30)),
            Items.Processing("exactly", leaseUntil: Start),
            Items.Processing("live", leaseUntil: Start + TimeSpan.FromTicks(1)),
            Items.Queued("waiting", dueAt: Start - TimeSpan.FromHours(1)),
            Items.Completed("done", finishedAt: Start - TimeSpan.FromHours(1)),
        ]);

        var expired = await store.ListExpiredLeasesAsync(QueueName, Start, 10, None);
        var limited = await store.ListExpiredLeasesAsync(QueueName, Start, 2, None);

        Assert.Equal(["early", "late", "exactly"], expired.Select(i => i.Id));
        Assert.Equal(["early", "late"], limited.Select(i => i.Id));
    }

    private async Task<(IQueueStore Store, WorkQueue Queue, QueueItem Claimed)> ClaimOneAsync()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "item-1", "{}");
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        return (store, queue, claimed);
    }
}
