namespace Courier.Core.Circuits;

/// <summary>
/// The persisted per-(site, provider) circuit breaker of spec §4. Every change is a conditional write;
/// a lost race is re-read and re-decided, so two instances never both probe.
/// </summary>
public sealed class CircuitBreaker
{
    private const int MaxRaceRetries = 8;
    private readonly ICircuitStore _store;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly int _threshold;
    private readonly TimeSpan _openDuration;
    private readonly TimeSpan _openJitter;
    private readonly TimeSpan _gatedJitter;
    private readonly int _probeLimit;
    private readonly TimeSpan _probeLease;

    public CircuitBreaker(ICircuitStore store, CircuitOptions options, TimeProvider time, Random random)
    {
        _store = store;
        _time = time;
        _random = random;
        // Options are copied once: a breaker never re-reads them mid-run.
        _threshold = options.FailureThreshold;
        _openDuration = options.OpenDuration;
        _openJitter = options.OpenJitter;
        _gatedJitter = options.GatedRowJitter;
        _probeLimit = options.ProbeLimit;
        _probeLease = options.ProbeLease;
    }

    /// <summary>Decides what a run may send for <paramref name="key"/>: everything (closed), a probe (half-open, one instance only) or nothing (open).</summary>
    public async Task<CircuitPermit> AcquireAsync(CircuitKey key, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxRaceRetries; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? CircuitRecord.ClosedFor(key, _probeLimit);
            if (record.Isolated) return CircuitPermit.Gated(key, Later(record.NextProbeAt, now + _openDuration));
            switch (record.State)
            {
                case CircuitState.Closed:
                    return CircuitPermit.Closed(key);
                case CircuitState.Open when record.NextProbeAt is { } probeAt && now < probeAt:
                    return CircuitPermit.Gated(key, probeAt);
                case CircuitState.HalfOpen when record.ProbeOwner is not null && record.ProbeUntil is { } until && now < until:
                    return CircuitPermit.Gated(key, until);
            }

            // Open and past its probe time, or half-open with an abandoned probe: try to become the one prober.
            var owner = Guid.NewGuid().ToString("N");
            var probing = record with { State = CircuitState.HalfOpen, ProbeOwner = owner, ProbeUntil = now + _probeLease, UpdatedAt = now };
            if (await _store.TryWriteAsync(probing, cancellationToken).ConfigureAwait(false))
                return CircuitPermit.Probe(key, record.ProbeLimit > 0 ? record.ProbeLimit : _probeLimit) with { ProbeOwner = owner };
        }

        // Constant contention: behave as open for this run rather than risk a second prober.
        return CircuitPermit.Gated(key, _time.GetUtcNow() + _openDuration);
    }

    /// <summary>When a row gated by <paramref name="permit"/> should be tried again: the probe time plus 0–30 s.</summary>
    public DateTimeOffset GatedRetryAt(CircuitPermit permit) =>
        (permit.GatedUntil ?? _time.GetUtcNow()) + Jitter(_gatedJitter);

    /// <summary>Records the calls a run made under <paramref name="permit"/>, in the order they were made, in one conditional write.</summary>
    public async Task<CircuitRecord?> RecordAsync(CircuitPermit permit, IReadOnlyList<CallOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0 && !permit.Probing) return null;
        for (var attempt = 0; attempt < MaxRaceRetries; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _store.GetAsync(permit.Key, cancellationToken).ConfigureAwait(false) ?? CircuitRecord.ClosedFor(permit.Key, _probeLimit);
            var next = Decide(record, permit, outcomes, now);
            if (next is null) return record;
            if (await _store.TryWriteAsync(next, cancellationToken).ConfigureAwait(false)) return next;
        }

        return null;
    }

    /// <summary>Holds a circuit open (or releases it) by an operator's decision.</summary>
    public async Task<CircuitRecord> IsolateAsync(CircuitKey key, bool isolated, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? CircuitRecord.ClosedFor(key, _probeLimit);
            var next = isolated
                ? record with { Isolated = true, State = CircuitState.Open, NextProbeAt = null, ProbeOwner = null, ProbeUntil = null, UpdatedAt = now }
                : record with { Isolated = false, State = CircuitState.Closed, FailureCount = 0, NextProbeAt = null, ProbeOwner = null, ProbeUntil = null, UpdatedAt = now };
            if (await _store.TryWriteAsync(next, cancellationToken).ConfigureAwait(false)) return next;
            if (attempt >= MaxRaceRetries) throw new InvalidOperationException($"circuit {key} kept changing; try again");
        }
    }

    private CircuitRecord? Decide(CircuitRecord record, CircuitPermit permit, IReadOnlyList<CallOutcome> outcomes, DateTimeOffset now)
    {
        if (permit.Probing)
        {
            // Only the current prober may decide; a probe taken over by another instance is ignored.
            if (record.State != CircuitState.HalfOpen || record.ProbeOwner != permit.ProbeOwner) return null;
            if (outcomes.Contains(CallOutcome.TransientFailure)) return Open(record, now);
            if (outcomes.Contains(CallOutcome.Success))
                return record with { State = CircuitState.Closed, FailureCount = 0, NextProbeAt = null, ProbeOwner = null, ProbeUntil = null, UpdatedAt = now };
            // Nothing conclusive was sent: give the probe back for the next run.
            return record with { ProbeOwner = null, ProbeUntil = null, UpdatedAt = now };
        }

        if (record.State != CircuitState.Closed) return null;
        var failures = record.FailureCount;
        foreach (var outcome in outcomes)
        {
            if (outcome == CallOutcome.Success) failures = 0;
            else if (outcome == CallOutcome.TransientFailure && ++failures >= _threshold) return Open(record with { FailureCount = failures }, now);
        }

        return failures == record.FailureCount ? null : record with { FailureCount = failures, UpdatedAt = now };
    }

    private CircuitRecord Open(CircuitRecord record, DateTimeOffset now) => record with
    {
        State = CircuitState.Open,
        NextProbeAt = now + _openDuration + Jitter(_openJitter),
        OpenCount = record.OpenCount + 1,
        ProbeOwner = null,
        ProbeUntil = null,
        UpdatedAt = now,
    };

    private TimeSpan Jitter(TimeSpan max)
    {
        double fraction;
        lock (_random) fraction = _random.NextDouble();
        return TimeSpan.FromTicks((long)(max.Ticks * fraction));
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
