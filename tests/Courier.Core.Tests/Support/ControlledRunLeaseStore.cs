using System.Threading.Channels;
using Courier.Core.Runs;

namespace Courier.Core.Tests.Support;

/// <summary>
/// Wraps a run lease store for runner tests: renewals can be failed or held in flight, releases can fail, and each finished
/// renewal attempt is signalled so a test advances the fake clock only once the runner has acted.
/// </summary>
internal sealed class ControlledRunLeaseStore(IRunLeaseStore inner) : IRunLeaseStore
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<(RunLease? Renewed, bool Failed)> _renewals = Channel.CreateUnbounded<(RunLease?, bool)>();
    private readonly object _gate = new();
    private readonly List<string> _calls = [];
    private int _failRenewals;
    private TaskCompletionSource? _hold;

    /// <summary>Renew and release calls in order: "renew-start", "renew-end", "release".</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate) return _calls.ToList();
        }
    }

    /// <summary>Set when a renewal is waiting on <see cref="HoldRenewals"/>.</summary>
    public TaskCompletionSource RenewalHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool FailReleases { get; set; }

    /// <summary>The next <paramref name="count"/> renewals throw, as when storage is unreachable.</summary>
    public void FailRenewals(int count) => Volatile.Write(ref _failRenewals, count);

    /// <summary>Renewals wait (honouring their token) until the returned source is set.</summary>
    public TaskCompletionSource HoldRenewals() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next finished renewal attempt: the renewed lease (null when lost), or Failed when it threw.</summary>
    public Task<(RunLease? Renewed, bool Failed)> NextRenewalAsync() => _renewals.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout);

    public Task<(RunLease? Lease, string? Holder)> TryAcquireAsync(string job, string runId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.TryAcquireAsync(job, runId, now, duration, cancellationToken);

    public async Task<RunLease?> RenewAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        Record("renew-start");
        try
        {
            if (_hold is { } hold)
            {
                RenewalHeld.TrySetResult();
                await hold.Task.WaitAsync(cancellationToken);
            }

            if (Interlocked.Decrement(ref _failRenewals) >= 0)
            {
                _renewals.Writer.TryWrite((null, true));
                throw new InvalidOperationException("storage unreachable");
            }

            var renewed = await inner.RenewAsync(lease, now, duration, cancellationToken);
            _renewals.Writer.TryWrite((renewed, false));
            return renewed;
        }
        finally
        {
            Record("renew-end");
        }
    }

    public Task ReleaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        Record("release");
        return FailReleases ? throw new InvalidOperationException("release failed") : inner.ReleaseAsync(lease, cancellationToken);
    }

    private void Record(string call)
    {
        lock (_gate) _calls.Add(call);
    }
}
