using Courier.Core.Scheduling;

namespace Courier.TestUtils.Conformance.Scheduling;

/// <summary>What every <see cref="ITimerLockStore"/> must do; run against the storage adapter on Azurite and the in-memory fake.</summary>
public abstract class TimerLockStoreConformance
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly string _host = "h" + Guid.NewGuid().ToString("N")[..8];

    protected abstract ITimerLockStore Store { get; }

    [Fact]
    public async Task TryAcquireAsync_Free_ReturnsTheLock()
    {
        var held = await Store.TryAcquireAsync(_host, "timer-a", "one", Lease, default);

        Assert.NotNull(held);
        Assert.Equal(("timer-a", "one", Lease), (held.Timer, held.Owner, held.Duration));
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnother_ReturnsNull()
    {
        Assert.NotNull(await Store.TryAcquireAsync(_host, "timer-b", "one", Lease, default));

        Assert.Null(await Store.TryAcquireAsync(_host, "timer-b", "two", Lease, default));
        Assert.NotNull(await Store.TryAcquireAsync(_host, "timer-other", "two", Lease, default));
    }

    [Fact]
    public async Task ReleaseAsync_Held_LetsAnotherAcquireAtOnce()
    {
        var held = await Store.TryAcquireAsync(_host, "timer-c", "one", Lease, default);
        await Store.ReleaseAsync(held!, default);

        Assert.NotNull(await Store.TryAcquireAsync(_host, "timer-c", "two", Lease, default));
    }

    [Fact]
    public async Task RenewAsync_Held_ReturnsTrue()
    {
        var held = await Store.TryAcquireAsync(_host, "timer-d", "one", Lease, default);

        Assert.True(await Store.RenewAsync(held!, default));
    }

    [Fact]
    public async Task RenewAsync_TakenOverByAnother_ReturnsFalseAndReleaseIsHarmless()
    {
        var first = await Store.TryAcquireAsync(_host, "timer-e", "one", Lease, default);
        await Store.ReleaseAsync(first!, default);
        var second = await Store.TryAcquireAsync(_host, "timer-e", "two", Lease, default);

        Assert.False(await Store.RenewAsync(first!, default));
        await Store.ReleaseAsync(first!, default);
        Assert.True(await Store.RenewAsync(second!, default));
    }
}
