using Courier.Core.Circuits;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Circuits;

public sealed class CircuitBreakerTests
{
    private const int Seed = 1234;
    private static readonly CircuitKey Key = new("site-1", "google_ads");
    private static readonly CallOutcome T = CallOutcome.TransientFailure;
    private static readonly CallOutcome P = CallOutcome.PermanentFailure;
    private static readonly CallOutcome S = CallOutcome.Success;

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryCircuitStore _store = new();
    private readonly CircuitBreaker _breaker;

    public CircuitBreakerTests()
    {
        _breaker = NewBreaker(Seed);
    }

    private CircuitBreaker NewBreaker(int seed, ICircuitStore? store = null) =>
        new(store ?? _store, new CircuitOptions(), _time, new Random(seed));

    private async Task<CircuitRecord> StoredAsync(CircuitKey? key = null) => (await _store.GetAsync(key ?? Key, default))!;

    private async Task RecordClosedAsync(params CallOutcome[] outcomes)
    {
        var permit = await _breaker.AcquireAsync(Key);
        Assert.Equal(CircuitPermit.Closed(Key), permit);
        await _breaker.RecordAsync(permit, outcomes);
    }

    private async Task<CircuitRecord> OpenAsync(CircuitBreaker? breaker = null, CircuitKey? key = null)
    {
        breaker ??= _breaker;
        var k = key ?? Key;
        var permit = await breaker.AcquireAsync(k);
        var record = await breaker.RecordAsync(permit, [T, T, T, T, T]);
        Assert.Equal(CircuitState.Open, record!.State);
        return record;
    }

    /// <summary>The jitter the implementation must draw from a fresh Random with this seed, as a fraction of its range.</summary>
    private static TimeSpan ExpectedJitter(int seed, TimeSpan range, int draw = 0)
    {
        var random = new Random(seed);
        for (var i = 0; i < draw; i++) random.NextDouble();
        return TimeSpan.FromTicks((long)(range.Ticks * random.NextDouble()));
    }

    // ---- CLOSED: counting

    [Fact]
    public async Task AcquireAsync_NoRow_ClosedUnlimited()
    {
        var permit = await _breaker.AcquireAsync(Key);

        Assert.True(permit.Allowed);
        Assert.Null(permit.MaxCalls);
        Assert.False(permit.Probing);
    }

    [Fact]
    public async Task RecordAsync_FiveTransientInARow_Opens()
    {
        await RecordClosedAsync(T, T, T, T, T);

        var stored = await StoredAsync();
        Assert.Equal(CircuitState.Open, stored.State);
        Assert.Equal(1, stored.OpenCount);
    }

    [Fact]
    public async Task RecordAsync_FourTransient_StaysClosedWithCountFour()
    {
        await RecordClosedAsync(T, T, T, T);

        var stored = await StoredAsync();
        Assert.Equal(CircuitState.Closed, stored.State);
        Assert.Equal(4, stored.FailureCount);
    }

    [Fact]
    public async Task RecordAsync_FiveTransientAcrossRuns_OpensBecauseTheCountIsPersisted()
    {
        await RecordClosedAsync(T, T, T);
        await RecordClosedAsync(T, T);

        Assert.Equal(CircuitState.Open, (await StoredAsync()).State);
    }

    [Fact]
    public async Task RecordAsync_SuccessBetweenFailures_ResetsCount()
    {
        await RecordClosedAsync(T, T, T, T, S, T, T, T, T);

        var stored = await StoredAsync();
        Assert.Equal(CircuitState.Closed, stored.State);
        Assert.Equal(4, stored.FailureCount);
    }

    [Fact]
    public async Task RecordAsync_SuccessInALaterRun_ResetsPersistedCount()
    {
        await RecordClosedAsync(T, T, T, T);
        await RecordClosedAsync(S);
        await RecordClosedAsync(T, T, T, T);

        Assert.Equal(CircuitState.Closed, (await StoredAsync()).State);
    }

    [Fact]
    public async Task RecordAsync_ManyPermanentFailures_NeitherCountNorOpen()
    {
        await RecordClosedAsync(Enumerable.Repeat(P, 50).ToArray());

        var stored = await _store.GetAsync(Key, default);
        Assert.True(stored is null || (stored.State == CircuitState.Closed && stored.FailureCount == 0));
        Assert.Equal(CircuitPermit.Closed(Key), await _breaker.AcquireAsync(Key));
    }

    [Fact]
    public async Task RecordAsync_PermanentAmongTransient_NotCounted()
    {
        await RecordClosedAsync(T, T, P, P, T, T, P);

        var stored = await StoredAsync();
        Assert.Equal(CircuitState.Closed, stored.State);
        Assert.Equal(4, stored.FailureCount);
    }

    // ---- Opening

    [Fact]
    public async Task RecordAsync_Opening_NextProbeAtIsNowPlusFiveMinutesPlusSeededJitter()
    {
        _time.Advance(TimeSpan.FromSeconds(17));
        var opened = await OpenAsync();

        var jitter = ExpectedJitter(Seed, TimeSpan.FromSeconds(60));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5) + jitter, opened.NextProbeAt);
    }

    [Fact]
    public async Task RecordAsync_OpeningWithManySeeds_ProbeTimesSpreadWithinSixtySeconds()
    {
        var probeTimes = new List<DateTimeOffset>();
        for (var seed = 0; seed < 50; seed++)
        {
            var key = new CircuitKey($"site-{seed}", "meta");
            var opened = await OpenAsync(NewBreaker(seed), key);
            Assert.InRange(opened.NextProbeAt!.Value, _time.GetUtcNow() + TimeSpan.FromMinutes(5), _time.GetUtcNow() + TimeSpan.FromMinutes(6));
            probeTimes.Add(opened.NextProbeAt.Value);
        }

        // Jitter exists: circuits of many sites do not all probe at the same instant.
        Assert.True(probeTimes.Distinct().Count() > 40);
    }

    // ---- OPEN before next_probe_at

    [Fact]
    public async Task AcquireAsync_OpenBeforeProbeTime_GatedUntilProbeTime()
    {
        var opened = await OpenAsync();
        _time.Advance(TimeSpan.FromMinutes(4));

        var permit = await _breaker.AcquireAsync(Key);

        Assert.False(permit.Allowed);
        Assert.Equal(0, permit.MaxCalls);
        Assert.False(permit.Probing);
        Assert.Equal(opened.NextProbeAt, permit.GatedUntil);
        Assert.Equal(CircuitState.Open, (await StoredAsync()).State);
    }

    [Fact]
    public async Task GatedRetryAt_OpenCircuit_ProbeTimePlusSeededJitterUpToThirtySeconds()
    {
        var breaker = NewBreaker(Seed);
        var opened = await OpenAsync(breaker);
        var permit = await breaker.AcquireAsync(Key);

        var retryAt = breaker.GatedRetryAt(permit);

        // The breaker's Random already gave one draw to the opening jitter; this is the second.
        Assert.Equal(opened.NextProbeAt!.Value + ExpectedJitter(Seed, TimeSpan.FromSeconds(30), draw: 1), retryAt);
    }

    [Fact]
    public async Task GatedRetryAt_ManyRows_SpreadWithinThirtySecondsAfterProbeTime()
    {
        var opened = await OpenAsync();
        var permit = await _breaker.AcquireAsync(Key);

        var times = Enumerable.Range(0, 200).Select(_ => _breaker.GatedRetryAt(permit)).ToList();

        Assert.All(times, t => Assert.InRange(t, opened.NextProbeAt!.Value, opened.NextProbeAt.Value + TimeSpan.FromSeconds(30)));
        Assert.True(times.Distinct().Count() > 150);
    }

    [Fact]
    public async Task RecordAsync_GatedPermitWithNoCalls_ChangesNothing()
    {
        var opened = await OpenAsync();
        var permit = await _breaker.AcquireAsync(Key);

        Assert.Null(await _breaker.RecordAsync(permit, []));
        // The store stamps a new version on write; every other field must be as the opening left it.
        Assert.Equal(opened with { Version = null }, (await StoredAsync()) with { Version = null });
    }

    // ---- HALF_OPEN

    [Fact]
    public async Task AcquireAsync_OpenAfterProbeTime_HalfOpenProbeWithProbeLimit()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value);

        var permit = await _breaker.AcquireAsync(Key);

        Assert.True(permit.Probing);
        Assert.Equal(5, permit.MaxCalls);
        var stored = await StoredAsync();
        Assert.Equal(CircuitState.HalfOpen, stored.State);
        Assert.Equal(permit.ProbeOwner, stored.ProbeOwner);
    }

    [Fact]
    public async Task AcquireAsync_ProbeLimitOption_UsedAsMaxCalls()
    {
        var breaker = new CircuitBreaker(_store, new CircuitOptions { ProbeLimit = 2 }, _time, new Random(Seed));
        var opened = await OpenAsync(breaker);
        _time.SetUtcNow(opened.NextProbeAt!.Value);

        Assert.Equal(2, (await breaker.AcquireAsync(Key)).MaxCalls);
    }

    [Fact]
    public async Task RecordAsync_ProbeSucceeds_ClosedWithFailureCountZero()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value + TimeSpan.FromSeconds(1));
        var probe = await _breaker.AcquireAsync(Key);

        await _breaker.RecordAsync(probe, [S, S]);

        var stored = await StoredAsync();
        Assert.Equal(CircuitState.Closed, stored.State);
        Assert.Equal(0, stored.FailureCount);
        Assert.Null(stored.ProbeOwner);
        Assert.Equal(CircuitPermit.Closed(Key), await _breaker.AcquireAsync(Key));
    }

    [Fact]
    public async Task RecordAsync_ProbeFails_OpenAgainWithNewProbeTimeAndOpenCountTwo()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value + TimeSpan.FromSeconds(1));
        var probe = await _breaker.AcquireAsync(Key);

        var reopened = await _breaker.RecordAsync(probe, [T]);

        Assert.Equal(CircuitState.Open, reopened!.State);
        Assert.Equal(2, reopened.OpenCount);
        Assert.InRange(reopened.NextProbeAt!.Value, _time.GetUtcNow() + TimeSpan.FromMinutes(5), _time.GetUtcNow() + TimeSpan.FromMinutes(6));
        Assert.False((await _breaker.AcquireAsync(Key)).Allowed);
    }

    [Fact]
    public async Task RecordAsync_ProbeWithOnlyPermanentFailures_ProbeGivenBackForTheNextRun()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value);
        var probe = await _breaker.AcquireAsync(Key);

        await _breaker.RecordAsync(probe, [P]);

        Assert.Null((await StoredAsync()).ProbeOwner);
        Assert.True((await NewBreaker(99).AcquireAsync(Key)).Probing);
    }

    [Fact]
    public async Task AcquireAsync_ProbeHeldByAnotherInstance_Gated()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value);
        var first = await _breaker.AcquireAsync(Key);

        var second = await NewBreaker(Seed + 1).AcquireAsync(Key);

        Assert.True(first.Probing);
        Assert.False(second.Allowed);
        Assert.False(second.Probing);
    }

    [Fact]
    public async Task AcquireAsync_TwoInstancesRaceAfterProbeTime_ExactlyOneProbesEveryRound()
    {
        var racing = new RendezvousCircuitStore(_store);
        var a = NewBreaker(1, racing);
        var b = NewBreaker(2, racing);
        for (var round = 0; round < 100; round++)
        {
            var key = new CircuitKey($"site-{round}", "google_ads");
            var opened = await OpenAsync(NewBreaker(round), key);
            _time.SetUtcNow(opened.NextProbeAt!.Value + TimeSpan.FromSeconds(1));

            racing.Arm(2);
            var permits = await Task.WhenAll(Task.Run(() => a.AcquireAsync(key)), Task.Run(() => b.AcquireAsync(key)));

            Assert.Equal(1, permits.Count(p => p.Probing));
            Assert.Equal(1, permits.Count(p => !p.Allowed));
        }
    }

    [Fact]
    public async Task AcquireAsync_ManyInstancesRaceFreely_ExactlyOneProbesEveryRound()
    {
        var breakers = Enumerable.Range(0, 6).Select(n => NewBreaker(n)).ToList();
        for (var round = 0; round < 100; round++)
        {
            var key = new CircuitKey($"free-{round}", "meta");
            var opened = await OpenAsync(NewBreaker(round), key);
            _time.SetUtcNow(opened.NextProbeAt!.Value);

            var permits = await Task.WhenAll(breakers.Select(br => Task.Run(() => br.AcquireAsync(key))));

            Assert.Equal(1, permits.Count(p => p.Probing));
        }
    }

    [Fact]
    public async Task AcquireAsync_AbandonedProbe_TakenOverAfterProbeLease()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value);
        var abandoned = await _breaker.AcquireAsync(Key);
        var other = NewBreaker(Seed + 1);

        _time.Advance(new CircuitOptions().ProbeLease - TimeSpan.FromSeconds(1));
        Assert.False((await other.AcquireAsync(Key)).Allowed);
        _time.Advance(TimeSpan.FromSeconds(1));
        var takeover = await other.AcquireAsync(Key);

        Assert.True(takeover.Probing);
        Assert.NotEqual(abandoned.ProbeOwner, takeover.ProbeOwner);
    }

    [Fact]
    public async Task RecordAsync_OldProberAfterTakeover_Ignored()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value);
        var abandoned = await _breaker.AcquireAsync(Key);
        _time.Advance(TimeSpan.FromMinutes(11));
        var other = NewBreaker(Seed + 1);
        var takeover = await other.AcquireAsync(Key);

        await _breaker.RecordAsync(abandoned, [S]);

        var stored = await StoredAsync();
        Assert.Equal(CircuitState.HalfOpen, stored.State);
        Assert.Equal(takeover.ProbeOwner, stored.ProbeOwner);
        await other.RecordAsync(takeover, [S]);
        Assert.Equal(CircuitState.Closed, (await StoredAsync()).State);
    }

    // ---- Operator isolation

    [Fact]
    public async Task IsolateAsync_Isolated_GatedEvenLongAfterAnyProbeTime()
    {
        await _breaker.IsolateAsync(Key, true);

        _time.Advance(TimeSpan.FromDays(3));
        var permit = await _breaker.AcquireAsync(Key);

        Assert.False(permit.Allowed);
        Assert.False(permit.Probing);
        Assert.True(permit.GatedUntil > _time.GetUtcNow());
        var stored = await StoredAsync();
        Assert.True(stored.Isolated);
        Assert.Equal(CircuitState.Open, stored.State);
    }

    [Fact]
    public async Task IsolateAsync_WhileProbing_ProbeResultIgnored()
    {
        var opened = await OpenAsync();
        _time.SetUtcNow(opened.NextProbeAt!.Value);
        var probe = await _breaker.AcquireAsync(Key);

        await _breaker.IsolateAsync(Key, true);
        await _breaker.RecordAsync(probe, [S]);

        Assert.True((await StoredAsync()).Isolated);
        Assert.False((await _breaker.AcquireAsync(Key)).Allowed);
    }

    [Fact]
    public async Task IsolateAsync_Released_ClosedWithFailureCountZero()
    {
        await RecordClosedAsync(T, T, T);
        await _breaker.IsolateAsync(Key, true);

        var released = await _breaker.IsolateAsync(Key, false);

        Assert.False(released.Isolated);
        Assert.Equal(CircuitState.Closed, released.State);
        Assert.Equal(0, released.FailureCount);
        Assert.Equal(CircuitPermit.Closed(Key), await _breaker.AcquireAsync(Key));
    }

    // ---- Late results

    [Fact]
    public async Task RecordAsync_ClosedPermitAfterAnotherInstanceOpened_Ignored()
    {
        var stale = await _breaker.AcquireAsync(Key);
        var opened = await OpenAsync(NewBreaker(5));

        await _breaker.RecordAsync(stale, [S]);

        // The store stamps a new version on write; every other field must be as the opening left it.
        Assert.Equal(opened with { Version = null }, (await StoredAsync()) with { Version = null });
    }
}
