using Courier.Core.Runs;

namespace Courier.TestUtils.Conformance.Runs;

/// <summary>Conformance of <see cref="IRunLeaseStore"/>: one holder per job, take-over only after expiry, renew and release only by the holder.</summary>
public abstract class RunLeaseStoreConformance
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    /// <summary>A store over storage no other test uses; the same <paramref name="scope"/> gives stores that share data.</summary>
    protected abstract IRunLeaseStore CreateStore(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task TryAcquireAsync_FreeJob_Acquires()
    {
        var store = CreateStore(NewScope());

        var (lease, holder) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);

        Assert.NotNull(lease);
        Assert.Null(holder);
        Assert.Equal("social", lease.Job);
        Assert.Equal("run-1", lease.RunId);
        Assert.Equal(Start + Duration, lease.Until);
    }

    [Fact]
    public async Task TryAcquireAsync_HeldJob_RefusedWithHolder()
    {
        var store = CreateStore(NewScope());
        await store.TryAcquireAsync("social", "run-1", Start, Duration, None);

        var (lease, holder) = await store.TryAcquireAsync("social", "run-2", Start + Duration - TimeSpan.FromTicks(1), Duration, None);

        Assert.Null(lease);
        Assert.Equal("run-1", holder);
    }

    [Fact]
    public async Task TryAcquireAsync_ExpiredLease_TakesOver()
    {
        var store = CreateStore(NewScope());
        await store.TryAcquireAsync("social", "run-1", Start, Duration, None);

        var (lease, _) = await store.TryAcquireAsync("social", "run-2", Start + Duration, Duration, None);

        Assert.Equal("run-2", lease?.RunId);
    }

    [Fact]
    public async Task TryAcquireAsync_OtherJob_Independent()
    {
        var store = CreateStore(NewScope());
        await store.TryAcquireAsync("social", "run-1", Start, Duration, None);

        var (lease, _) = await store.TryAcquireAsync("artifact-worker", "run-2", Start, Duration, None);

        Assert.NotNull(lease);
    }

    [Fact]
    public async Task ReleaseAsync_OwnLease_FreesTheJob()
    {
        var store = CreateStore(NewScope());
        var (lease, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);

        await store.ReleaseAsync(lease!, None);
        var (next, _) = await store.TryAcquireAsync("social", "run-2", Start, Duration, None);

        Assert.Equal("run-2", next?.RunId);
    }

    [Fact]
    public async Task ReleaseAsync_LeaseTakenOverByAnotherRun_LeavesItHeld()
    {
        var store = CreateStore(NewScope());
        var (old, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);
        await store.TryAcquireAsync("social", "run-2", Start + Duration, Duration, None);

        await store.ReleaseAsync(old!, None);
        var (third, holder) = await store.TryAcquireAsync("social", "run-3", Start + Duration, Duration, None);

        Assert.Null(third);
        Assert.Equal("run-2", holder);
    }

    [Fact]
    public async Task RenewAsync_OwnLease_ExtendsIt()
    {
        var store = CreateStore(NewScope());
        var (lease, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);

        var renewed = await store.RenewAsync(lease!, Start + TimeSpan.FromMinutes(5), Duration, None);
        var (other, holder) = await store.TryAcquireAsync("social", "run-2", Start + Duration, Duration, None);

        Assert.NotNull(renewed);
        Assert.Equal(("social", "run-1"), (renewed.Job, renewed.RunId));
        Assert.Equal(Start + TimeSpan.FromMinutes(5) + Duration, renewed.Until);
        Assert.Null(other);
        Assert.Equal("run-1", holder);
    }

    [Fact]
    public async Task RenewAsync_LeaseTakenOverByAnotherRun_ReturnsNullAndChangesNothing()
    {
        var store = CreateStore(NewScope());
        var (old, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);
        await store.TryAcquireAsync("social", "run-2", Start + Duration, Duration, None);

        var renewed = await store.RenewAsync(old!, Start + Duration + TimeSpan.FromMinutes(1), Duration, None);

        Assert.Null(renewed);
        // run-2's lease still ends where it did: held until then, free from then.
        var (early, holder) = await store.TryAcquireAsync("social", "run-3", Start + Duration + Duration - TimeSpan.FromTicks(1), Duration, None);
        Assert.Null(early);
        Assert.Equal("run-2", holder);
        var (onTime, _) = await store.TryAcquireAsync("social", "run-3", Start + Duration + Duration, Duration, None);
        Assert.Equal("run-3", onTime?.RunId);
    }

    [Fact]
    public async Task RenewAsync_ReleasedLease_ReturnsNullAndLeavesTheJobFree()
    {
        var store = CreateStore(NewScope());
        var (lease, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);
        await store.ReleaseAsync(lease!, None);

        var renewed = await store.RenewAsync(lease!, Start + TimeSpan.FromMinutes(1), Duration, None);
        var (next, _) = await store.TryAcquireAsync("social", "run-2", Start + TimeSpan.FromMinutes(1), Duration, None);

        Assert.Null(renewed);
        Assert.Equal("run-2", next?.RunId);
    }

    [Fact]
    public async Task RenewAsync_StaleCopyOfOwnLease_StillRenews()
    {
        // A renewal whose answer was lost leaves the caller with the previous version: the lease is still this run's.
        var store = CreateStore(NewScope());
        var (lease, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);
        await store.RenewAsync(lease!, Start + TimeSpan.FromMinutes(1), Duration, None);

        var renewed = await store.RenewAsync(lease!, Start + TimeSpan.FromMinutes(2), Duration, None);

        Assert.Equal(Start + TimeSpan.FromMinutes(2) + Duration, renewed?.Until);
    }

    [Fact]
    public async Task ReleaseAsync_AfterRenew_FreesTheJob()
    {
        var store = CreateStore(NewScope());
        var (lease, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);
        var renewed = await store.RenewAsync(lease!, Start + TimeSpan.FromMinutes(1), Duration, None);

        await store.ReleaseAsync(renewed!, None);
        var (next, _) = await store.TryAcquireAsync("social", "run-2", Start + TimeSpan.FromMinutes(1), Duration, None);

        Assert.Equal("run-2", next?.RunId);
    }

    [Fact]
    public async Task ReleaseAsync_StaleCopyAfterRenew_FreesTheJob()
    {
        var store = CreateStore(NewScope());
        var (lease, _) = await store.TryAcquireAsync("social", "run-1", Start, Duration, None);
        await store.RenewAsync(lease!, Start + TimeSpan.FromMinutes(1), Duration, None);

        await store.ReleaseAsync(lease!, None);
        var (next, _) = await store.TryAcquireAsync("social", "run-2", Start + TimeSpan.FromMinutes(1), Duration, None);

        Assert.Equal("run-2", next?.RunId);
    }

    [Fact]
    public async Task TryAcquireAsync_ManyInstancesAtOnce_ExactlyOneWins()
    {
        var scope = NewScope();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CreateStore(scope).TryAcquireAsync("social", $"run-{i}", Start, Duration, None)));

        var winner = Assert.Single(results, r => r.Lease is not null);
        Assert.All(results.Where(r => r.Lease is null), r => Assert.Equal(winner.Lease!.RunId, r.Holder));
    }
}
