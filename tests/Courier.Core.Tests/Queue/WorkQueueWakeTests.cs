using Courier.Core.Queue;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Queue;

/// <summary>Waking the rows of one group that wait for a reason that is gone.</summary>
public sealed class WorkQueueWakeTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryQueueStore _store = new();
    private readonly WorkQueue _queue;

    public WorkQueueWakeTests() => _queue = new WorkQueue(_store, _time);

    private async Task<QueueItem> WaitingAsync(string id, string group, string error, TimeSpan dueIn)
    {
        await _queue.EnqueueAsync("q", id, "{}", groupKey: group);
        var item = (await _store.GetAsync("q", id, default))!;
        var next = QueueTransitions.Postpone(item, null, _time.GetUtcNow(), _time.GetUtcNow() + dueIn, error);
        await _queue.ApplyAsync([new ItemTransition(item, next.Next!)]);
        return (await _store.GetAsync("q", id, default))!;
    }

    [Fact]
    public async Task WakeAsync_RowsOfTheGroupWaitingForTheCode_DueNowOthersUntouched()
    {
        var held = await WaitingAsync("a1", "site-a", "CREDENTIALS_REJECTED: token revoked", TimeSpan.FromMinutes(10));
        var otherCode = await WaitingAsync("a2", "site-a", "CIRCUIT_OPEN: probing later", TimeSpan.FromMinutes(10));
        var otherSite = await WaitingAsync("b1", "site-b", "CREDENTIALS_REJECTED: token revoked", TimeSpan.FromMinutes(10));
        var beyond = await WaitingAsync("a3", "site-a", "CREDENTIALS_REJECTED: token revoked", TimeSpan.FromHours(2));

        var woken = await _queue.WakeAsync("q", "site-a", "CREDENTIALS_REJECTED", TimeSpan.FromMinutes(12));

        Assert.Equal(1, woken);
        var now = _time.GetUtcNow();
        Assert.Equal(now, (await _store.GetAsync("q", held.Id, default))!.DueAt);
        Assert.Equal(held.Attempts, (await _store.GetAsync("q", held.Id, default))!.Attempts);
        Assert.Equal(otherCode.DueAt, (await _store.GetAsync("q", otherCode.Id, default))!.DueAt);
        Assert.Equal(otherSite.DueAt, (await _store.GetAsync("q", otherSite.Id, default))!.DueAt);
        Assert.Equal(beyond.DueAt, (await _store.GetAsync("q", beyond.Id, default))!.DueAt);
    }

    [Fact]
    public async Task WakeAsync_NothingWaiting_ReturnsZero() =>
        Assert.Equal(0, await _queue.WakeAsync("q", "site-a", "CREDENTIALS_REJECTED", TimeSpan.FromMinutes(12)));

    [Fact]
    public async Task WakeAsync_MoreThanOneBatch_WakesEachOnceAndStops()
    {
        for (var i = 0; i < 1001; i++) await WaitingAsync($"a{i}", "site-a", "CREDENTIALS_REJECTED: token revoked", TimeSpan.FromMinutes(10));

        var woken = await _queue.WakeAsync("q", "site-a", "CREDENTIALS_REJECTED", TimeSpan.FromMinutes(12));

        Assert.Equal(1001, woken);
        Assert.Equal(0, await _queue.WakeAsync("q", "site-a", "CREDENTIALS_REJECTED", TimeSpan.FromMinutes(12)));
    }
}
