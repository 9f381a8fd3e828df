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
    private readonly TimeSpan _heldDelay;

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
        _heldDelay = options.HeldRowDelay;
    }

    /// <summary>
    /// Decides what a run may send for <paramref name="key"/>: everything (closed), a probe (half-open, one instance only) or
    /// nothing (open, held, isolated). A circuit held because <see cref="CircuitRecord.HoldApiVersion"/> was refused is
    /// released first when <paramref name="apiVersion"/>, the version this run would call, is another one.
    /// </summary>
    public async Task<CircuitPermit> AcquireAsync(CircuitKey key, string? apiVersion = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxRaceRetries; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? CircuitRecord.ClosedFor(key, _probeLimit);
            if (record.Isolated) return CircuitPermit.Gated(key, Later(record.NextProbeAt, now + _openDuration));
            switch (record.State)
            {
                case CircuitState.Held when record.HoldApiVersion is { } refused && apiVersion is not null && !string.Equals(refused, apiVersion, StringComparison.Ordinal):
                    if (await _store.TryWriteAsync(Closed(record, now), cancellationToken).ConfigureAwait(false)) return CircuitPermit.Closed(key);
                    continue;
                case CircuitState.Held:
                    return HeldPermit(record, now);
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

    /// <summary>
    /// <c>Hold</c>: from any state to <see cref="CircuitState.Held"/> with a reason about the account or setup (an operator's
    /// isolation, if any, stays). Returns the permit that gates the rest of the run's rows of this key.
    /// </summary>
    /// <param name="apiVersion">The API version refused, when that is the reason; null for every other hold.</param>
    public async Task<CircuitPermit> HoldAsync(CircuitKey key, string reason, string message, string? apiVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var held = await ChangeAsync(key, (record, now) => record with
        {
            State = CircuitState.Held,
            FailureCount = 0,
            NextProbeAt = null,
            ProbeOwner = null,
            ProbeUntil = null,
            HoldReason = reason,
            HoldMessage = message,
            HoldApiVersion = apiVersion,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        return HeldPermit(held!, _time.GetUtcNow());
    }

    /// <summary>
    /// <c>ReleaseForNewCredentials</c>: new credentials were stored for the key, so a hold about the account ends (Held →
    /// Closed). A hold on a refused API version stays: new credentials do not change the version. True when released.
    /// </summary>
    public async Task<bool> ReleaseForNewCredentialsAsync(CircuitKey key, CancellationToken cancellationToken = default)
    {
        var released = await ChangeAsync(
            key,
            (record, now) => record.State == CircuitState.Held && record.HoldApiVersion is null ? Closed(record, now) : null,
            cancellationToken).ConfigureAwait(false);
        return released is not null;
    }

    /// <summary>How far ahead the rows of a held key may be due: what a release must look through to wake them.</summary>
    public TimeSpan HeldRowWindow => _heldDelay + _gatedJitter + TimeSpan.FromMinutes(1);

    /// <summary>
    /// Releases every circuit of <paramref name="providerKey"/> held because another API version than
    /// <paramref name="apiVersion"/> was refused: the setting changed, so the hold's reason is gone. Returns the circuits as they
    /// were before the release (with their hold reason), so their waiting rows can be woken.
    /// </summary>
    public async Task<IReadOnlyList<CircuitRecord>> ReleaseVersionHoldsAsync(string providerKey, string apiVersion, CancellationToken cancellationToken = default)
    {
        var released = new List<CircuitRecord>();
        foreach (var held in (await _store.ListAsync(cancellationToken).ConfigureAwait(false)).Where(r => IsVersionHoldOtherThan(r, providerKey, apiVersion)))
        {
            var closed = await ChangeAsync(held.Key, (record, now) => IsVersionHoldOtherThan(record, providerKey, apiVersion) ? Closed(record, now) : null, cancellationToken).ConfigureAwait(false);
            if (closed is not null) released.Add(held);
        }

        return released;
    }

    private static bool IsVersionHoldOtherThan(CircuitRecord record, string providerKey, string apiVersion) =>
        record.State == CircuitState.Held && record.Key.ProviderKey == providerKey
        && record.HoldApiVersion is { } refused && !string.Equals(refused, apiVersion, StringComparison.Ordinal);

    /// <summary><c>Close</c>: an operator's release, from any state (held, open, half-open, isolated) to Closed with no failures.</summary>
    public async Task<CircuitRecord> CloseAsync(CircuitKey key, CancellationToken cancellationToken = default) =>
        (await ChangeAsync(key, (record, now) => Closed(record, now), cancellationToken).ConfigureAwait(false))!;

    /// <summary>Holds a circuit open (or releases it to Closed) by an operator's decision.</summary>
    public async Task<CircuitRecord> IsolateAsync(CircuitKey key, bool isolated, CancellationToken cancellationToken = default) =>
        isolated
            ? (await ChangeAsync(key, (record, now) => record with { Isolated = true, State = CircuitState.Open, NextProbeAt = null, ProbeOwner = null, ProbeUntil = null, UpdatedAt = now }, cancellationToken).ConfigureAwait(false))!
            : await CloseAsync(key, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads, decides and writes conditionally until the write wins; a null decision changes nothing and returns null.</summary>
    private async Task<CircuitRecord?> ChangeAsync(CircuitKey key, Func<CircuitRecord, DateTimeOffset, CircuitRecord?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? CircuitRecord.ClosedFor(key, _probeLimit);
            var next = decide(record, now);
            if (next is null) return null;
            if (await _store.TryWriteAsync(next, cancellationToken).ConfigureAwait(false)) return next;
            if (attempt >= MaxRaceRetries) throw new InvalidOperationException($"circuit {key} kept changing; try again");
        }
    }

    private static CircuitRecord Closed(CircuitRecord record, DateTimeOffset now) => record with
    {
        Isolated = false,
        State = CircuitState.Closed,
        FailureCount = 0,
        NextProbeAt = null,
        ProbeOwner = null,
        ProbeUntil = null,
        HoldReason = null,
        HoldMessage = null,
        HoldApiVersion = null,
        UpdatedAt = now,
    };

    /// <summary>Rows of a held key come back after <see cref="CircuitOptions.HeldRowDelay"/>, saying why they wait.</summary>
    private CircuitPermit HeldPermit(CircuitRecord record, DateTimeOffset now) =>
        CircuitPermit.Gated(record.Key, now + _heldDelay) with { Reason = HeldReason(record) };

    /// <summary>A held key's <c>last_error</c>: <c>REASON: message</c>.</summary>
    private static string HeldReason(CircuitRecord record) =>
        string.IsNullOrWhiteSpace(record.HoldMessage) ? record.HoldReason ?? "HELD" : $"{record.HoldReason ?? "HELD"}: {record.HoldMessage}";

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
