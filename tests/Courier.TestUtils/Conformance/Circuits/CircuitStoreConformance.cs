using Courier.Core.Circuits;
using Microsoft.Extensions.Time.Testing;

namespace Courier.TestUtils.Conformance.Circuits;

/// <summary>Conformance of <see cref="ICircuitStore"/>: create-if-absent, replace-if-unchanged, and a faithful round trip.</summary>
public abstract class CircuitStoreConformance
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>A store over storage no other test uses; the same <paramref name="scope"/> gives stores that share data.</summary>
    protected abstract ICircuitStore CreateStore(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await CreateStore(NewScope()).GetAsync(new CircuitKey("site-1", "google_ads"), None));
    }

    [Fact]
    public async Task TryWriteAsync_NewRecord_CreatesIt()
    {
        var store = CreateStore(NewScope());
        var record = CircuitRecord.ClosedFor(new CircuitKey("site-1", "google_ads"), 5) with { UpdatedAt = Start };

        Assert.True(await store.TryWriteAsync(record, None));

        var stored = await store.GetAsync(record.Key, None);
        Assert.NotNull(stored?.Version);
        Assert.Equal(record, stored with { Version = null });
    }

    [Fact]
    public async Task TryWriteAsync_NewRecordWhenOneExists_ReturnsFalse()
    {
        var store = CreateStore(NewScope());
        var key = new CircuitKey("site-1", "google_ads");
        Assert.True(await store.TryWriteAsync(CircuitRecord.ClosedFor(key, 5), None));

        var second = await store.TryWriteAsync(CircuitRecord.ClosedFor(key, 5) with { FailureCount = 3 }, None);

        Assert.False(second);
        Assert.Equal(0, (await store.GetAsync(key, None))!.FailureCount);
    }

    [Fact]
    public async Task TryWriteAsync_CurrentVersion_Replaces()
    {
        var store = CreateStore(NewScope());
        var key = new CircuitKey("site-1", "meta");
        await store.TryWriteAsync(CircuitRecord.ClosedFor(key, 5), None);
        var read = (await store.GetAsync(key, None))!;

        var written = await store.TryWriteAsync(read with { FailureCount = 2, UpdatedAt = Start }, None);

        Assert.True(written);
        var stored = (await store.GetAsync(key, None))!;
        Assert.Equal(2, stored.FailureCount);
        Assert.NotEqual(read.Version, stored.Version);
    }

    [Fact]
    public async Task TryWriteAsync_StaleVersion_ReturnsFalseAndChangesNothing()
    {
        var store = CreateStore(NewScope());
        var key = new CircuitKey("site-1", "meta");
        await store.TryWriteAsync(CircuitRecord.ClosedFor(key, 5), None);
        var read = (await store.GetAsync(key, None))!;
        Assert.True(await store.TryWriteAsync(read with { FailureCount = 1 }, None));

        var stale = await store.TryWriteAsync(read with { FailureCount = 4 }, None);

        Assert.False(stale);
        Assert.Equal(1, (await store.GetAsync(key, None))!.FailureCount);
    }

    [Fact]
    public async Task TryWriteAsync_EveryField_RoundTrips()
    {
        var store = CreateStore(NewScope());
        var record = new CircuitRecord
        {
            Key = new CircuitKey("site/with#odd?chars\\", "google_ads"),
            State = CircuitState.HalfOpen,
            FailureCount = 5,
            NextProbeAt = Start + TimeSpan.FromMinutes(5.5),
            ProbeLimit = 7,
            OpenCount = 3,
            UpdatedAt = Start,
            ProbeOwner = "probe-owner-1",
            ProbeUntil = Start + TimeSpan.FromMinutes(10),
            Isolated = true,
            HoldReason = "PERMISSION_DENIED",
            HoldMessage = "USER_PERMISSION_DENIED: the user may not act for this customer",
            HoldApiVersion = "v24",
        };

        await store.TryWriteAsync(record, None);

        Assert.Equal(record, (await store.GetAsync(record.Key, None))! with { Version = null });
    }

    [Fact]
    public async Task TryWriteAsync_HeldWithReason_RoundTrips()
    {
        var store = CreateStore(NewScope());
        var record = CircuitRecord.ClosedFor(new CircuitKey("site-1", "google_ads"), 5) with
        {
            State = CircuitState.Held,
            HoldReason = "API_VERSION_UNSUPPORTED",
            HoldMessage = "UNSUPPORTED_VERSION: Version v22 is deprecated. Requests to this version will be blocked.",
            HoldApiVersion = "v22",
            UpdatedAt = Start,
        };

        await store.TryWriteAsync(record, None);

        Assert.Equal(record, (await store.GetAsync(record.Key, None))! with { Version = null });
    }

    [Fact]
    public async Task TryWriteAsync_HoldReleased_HoldFieldsGone()
    {
        var store = CreateStore(NewScope());
        var key = new CircuitKey("site-1", "google_ads");
        await store.TryWriteAsync(CircuitRecord.ClosedFor(key, 5) with { State = CircuitState.Held, HoldReason = "CREDENTIALS_REJECTED", HoldMessage = "invalid_grant", HoldApiVersion = "v22" }, None);
        var held = (await store.GetAsync(key, None))!;

        Assert.True(await store.TryWriteAsync(held with { State = CircuitState.Closed, HoldReason = null, HoldMessage = null, HoldApiVersion = null }, None));

        var stored = (await store.GetAsync(key, None))!;
        Assert.Equal((CircuitState.Closed, null, null, null), (stored.State, stored.HoldReason, stored.HoldMessage, stored.HoldApiVersion));
    }

    [Fact]
    public async Task HoldAsync_SeenByAnotherBreaker_GatedWithReasonUntilNewCredentialsRelease()
    {
        var scope = NewScope();
        var options = new CircuitOptions();
        var key = new CircuitKey("site-1", "google_ads");
        var first = new CircuitBreaker(CreateStore(scope), options, Time, new Random(1));
        var second = new CircuitBreaker(CreateStore(scope), options, Time, new Random(2));
        await first.HoldAsync(key, "CREDENTIALS_REJECTED", "invalid_grant: revoked", null);

        var gated = await second.AcquireAsync(key, "v26");
        var released = await second.ReleaseForNewCredentialsAsync(key);
        var after = await first.AcquireAsync(key, "v26");

        Assert.False(gated.Allowed);
        Assert.Equal("CREDENTIALS_REJECTED: invalid_grant: revoked", gated.Reason);
        Assert.True(released);
        Assert.True(after.Allowed);
        Assert.Equal(CircuitState.Closed, (await CreateStore(scope).GetAsync(key, None))!.State);
    }

    [Fact]
    public async Task AcquireAsync_TwoBreakersUnderAnotherApiVersion_BothReleaseOnceAndBothMaySend()
    {
        var scope = NewScope();
        var options = new CircuitOptions();
        var key = new CircuitKey("site-1", "google_ads");
        var first = new CircuitBreaker(CreateStore(scope), options, Time, new Random(1));
        var second = new CircuitBreaker(CreateStore(scope), options, Time, new Random(2));
        await first.HoldAsync(key, "API_VERSION_UNSUPPORTED", "UNSUPPORTED_VERSION", "v22");

        var permits = await Task.WhenAll(first.AcquireAsync(key, "v26"), second.AcquireAsync(key, "v26"));

        Assert.All(permits, p => Assert.True(p.Allowed));
        var stored = (await CreateStore(scope).GetAsync(key, None))!;
        Assert.Equal((CircuitState.Closed, null), (stored.State, stored.HoldApiVersion));
    }

    [Fact]
    public async Task ListAsync_SeveralKeys_ReturnsEach()
    {
        var store = CreateStore(NewScope());
        CircuitKey[] keys = [new("site-1", "google_ads"), new("site-2", "google_ads"), new("page-9", "meta")];
        foreach (var key in keys) await store.TryWriteAsync(CircuitRecord.ClosedFor(key, 5), None);

        var listed = await store.ListAsync(None);

        Assert.Equal(keys.Select(k => k.ToString()).Order(StringComparer.Ordinal), listed.Select(r => r.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.All(listed, r => Assert.NotNull(r.Version));
    }

    [Fact]
    public async Task AcquireAsync_TwoBreakersAfterProbeTime_OnlyOneProbes()
    {
        var scope = NewScope();
        var options = new CircuitOptions();
        var key = new CircuitKey("site-1", "google_ads");
        var first = new CircuitBreaker(CreateStore(scope), options, Time, new Random(1));
        var second = new CircuitBreaker(CreateStore(scope), options, Time, new Random(2));
        var permit = await first.AcquireAsync(key);
        await first.RecordAsync(permit, Enumerable.Repeat(CallOutcome.TransientFailure, 5).ToList());
        Time.Advance(options.OpenDuration + options.OpenJitter);

        var permits = await Task.WhenAll(first.AcquireAsync(key), second.AcquireAsync(key));

        Assert.Single(permits, p => p.Probing);
        Assert.Single(permits, p => !p.Allowed);
    }
}
