using Courier.Core.Circuits;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Circuits;

/// <summary>The held state of the circuit (docs/design.md): entered from any state, left only by new credentials, another API version or an operator.</summary>
public sealed class CircuitBreakerHoldTests
{
    private static readonly CircuitKey Key = new("site-1", "google_ads");
    private static readonly CircuitOptions Options = new();

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryCircuitStore _store = new();
    private readonly CircuitBreaker _breaker;

    public CircuitBreakerHoldTests()
    {
        _breaker = new CircuitBreaker(_store, Options, _time, new Random(7));
    }

    private async Task<CircuitRecord> StoredAsync() => (await _store.GetAsync(Key, default))!;

    private Task<CircuitPermit> HoldCredentialsAsync() => _breaker.HoldAsync(Key, "CREDENTIALS_REJECTED", "invalid_grant: revoked", null);

    private Task<CircuitPermit> HoldVersionAsync() => _breaker.HoldAsync(Key, "API_VERSION_UNSUPPORTED", "UNSUPPORTED_VERSION: v22 is sunset", "v22");

    private async Task OpenAsync()
    {
        var permit = await _breaker.AcquireAsync(Key);
        await _breaker.RecordAsync(permit, Enumerable.Repeat(CallOutcome.TransientFailure, Options.FailureThreshold).ToList());
        Assert.Equal(CircuitState.Open, (await StoredAsync()).State);
    }

    [Fact]
    public async Task HoldAsync_Closed_HeldWithReasonAndGatedPermit()
    {
        var permit = await HoldCredentialsAsync();

        Assert.False(permit.Allowed);
        Assert.Equal("CREDENTIALS_REJECTED: invalid_grant: revoked", permit.Reason);
        Assert.Equal(_time.GetUtcNow() + Options.HeldRowDelay, permit.GatedUntil);
        var stored = await StoredAsync();
        Assert.Equal((CircuitState.Held, "CREDENTIALS_REJECTED", "invalid_grant: revoked", (string?)null), (stored.State, stored.HoldReason, stored.HoldMessage, stored.HoldApiVersion));
    }

    [Fact]
    public async Task HoldAsync_Open_HeldWithoutProbeTime()
    {
        await OpenAsync();

        await HoldVersionAsync();

        var stored = await StoredAsync();
        Assert.Equal((CircuitState.Held, (DateTimeOffset?)null, "v22"), (stored.State, stored.NextProbeAt, stored.HoldApiVersion));
        Assert.Equal(1, stored.OpenCount);
    }

    [Fact]
    public async Task AcquireAsync_Held_GatedLongAfterAnyProbeTimeRowsHeldDelayLater()
    {
        await HoldCredentialsAsync();
        _time.Advance(TimeSpan.FromDays(2));

        var permit = await _breaker.AcquireAsync(Key, "v26");

        Assert.False(permit.Allowed);
        Assert.False(permit.Probing);
        Assert.Equal(_time.GetUtcNow() + Options.HeldRowDelay, permit.GatedUntil);
        Assert.InRange(_breaker.GatedRetryAt(permit), permit.GatedUntil!.Value, permit.GatedUntil.Value + Options.GatedRowJitter);
        Assert.Equal(CircuitState.Held, (await StoredAsync()).State);
    }

    [Fact]
    public async Task AcquireAsync_HeldOnVersionSameVersion_StaysHeld()
    {
        await HoldVersionAsync();

        Assert.False((await _breaker.AcquireAsync(Key, "v22")).Allowed);
        Assert.False((await _breaker.AcquireAsync(Key)).Allowed);
        Assert.Equal(CircuitState.Held, (await StoredAsync()).State);
    }

    [Fact]
    public async Task AcquireAsync_HeldOnVersionAnotherVersion_ReleasedToClosedAndAllowed()
    {
        await HoldVersionAsync();

        var permit = await _breaker.AcquireAsync(Key, "v26");

        Assert.Equal(CircuitPermit.Closed(Key), permit);
        var stored = await StoredAsync();
        Assert.Equal((CircuitState.Closed, (string?)null, (string?)null, (string?)null), (stored.State, stored.HoldReason, stored.HoldMessage, stored.HoldApiVersion));
    }

    [Fact]
    public async Task AcquireAsync_HeldOnCredentialsAnotherVersion_StaysHeld()
    {
        await HoldCredentialsAsync();

        Assert.False((await _breaker.AcquireAsync(Key, "v27")).Allowed);
    }

    [Fact]
    public async Task ReleaseForNewCredentialsAsync_HeldOnCredentials_ClosedWithHoldCleared()
    {
        await HoldCredentialsAsync();

        Assert.True(await _breaker.ReleaseForNewCredentialsAsync(Key));

        var stored = await StoredAsync();
        Assert.Equal((CircuitState.Closed, 0, (string?)null), (stored.State, stored.FailureCount, stored.HoldReason));
        Assert.True((await _breaker.AcquireAsync(Key)).Allowed);
    }

    [Fact]
    public async Task ReleaseForNewCredentialsAsync_HeldOnVersion_StaysHeld()
    {
        await HoldVersionAsync();

        Assert.False(await _breaker.ReleaseForNewCredentialsAsync(Key));
        Assert.Equal(CircuitState.Held, (await StoredAsync()).State);
    }

    [Fact]
    public async Task ReleaseForNewCredentialsAsync_OpenOrAbsent_ChangesNothing()
    {
        Assert.False(await _breaker.ReleaseForNewCredentialsAsync(Key));
        Assert.Null(await _store.GetAsync(Key, default));
        await OpenAsync();

        Assert.False(await _breaker.ReleaseForNewCredentialsAsync(Key));
        Assert.Equal(CircuitState.Open, (await StoredAsync()).State);
    }

    [Fact]
    public async Task CloseAsync_HeldOrIsolated_Closed()
    {
        await HoldVersionAsync();
        await _breaker.IsolateAsync(Key, true);
        await _breaker.HoldAsync(Key, "PERMISSION_DENIED", "USER_PERMISSION_DENIED", null);

        var closed = await _breaker.CloseAsync(Key);

        Assert.Equal((CircuitState.Closed, false, (string?)null, (string?)null), (closed.State, closed.Isolated, closed.HoldReason, closed.HoldApiVersion));
        Assert.True((await _breaker.AcquireAsync(Key, "v22")).Allowed);
    }

    [Fact]
    public async Task RecordAsync_ProbeThatMetAHold_LeavesTheHold()
    {
        await OpenAsync();
        _time.Advance(Options.OpenDuration + Options.OpenJitter);
        var probe = await _breaker.AcquireAsync(Key);
        Assert.True(probe.Probing);

        await HoldCredentialsAsync();
        await _breaker.RecordAsync(probe, [CallOutcome.Success]);

        Assert.Equal(CircuitState.Held, (await StoredAsync()).State);
    }

    [Fact]
    public async Task RecordAsync_ClosedPermitFailuresAfterHold_LeavesTheHold()
    {
        var permit = await _breaker.AcquireAsync(Key);
        await HoldCredentialsAsync();

        await _breaker.RecordAsync(permit, Enumerable.Repeat(CallOutcome.TransientFailure, 10).ToList());

        Assert.Equal(CircuitState.Held, (await StoredAsync()).State);
    }

    [Fact]
    public async Task ReleaseVersionHoldsAsync_VersionChanged_ReleasesOnlyVersionHoldsOfOtherVersionsOfThatProvider()
    {
        await HoldVersionAsync();
        var credentials = new CircuitKey("site-2", "google_ads");
        await _breaker.HoldAsync(credentials, "CREDENTIALS_REJECTED", "revoked", null);
        var sameVersion = new CircuitKey("site-3", "google_ads");
        await _breaker.HoldAsync(sameVersion, "API_VERSION_UNSUPPORTED", "sunset", "v23");
        var otherProvider = new CircuitKey("site-1", "meta");
        await _breaker.HoldAsync(otherProvider, "API_VERSION_UNSUPPORTED", "sunset", "v22");

        var released = await _breaker.ReleaseVersionHoldsAsync("google_ads", "v23");

        var before = Assert.Single(released);
        Assert.Equal((Key, "API_VERSION_UNSUPPORTED"), (before.Key, before.HoldReason));
        Assert.Equal(CircuitState.Closed, (await StoredAsync()).State);
        Assert.Equal(CircuitState.Held, (await _store.GetAsync(credentials, default))!.State);
        Assert.Equal(CircuitState.Held, (await _store.GetAsync(sameVersion, default))!.State);
        Assert.Equal(CircuitState.Held, (await _store.GetAsync(otherProvider, default))!.State);
    }
}
