using System.Globalization;
using Courier.Core.Runs;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="IRunLeaseStore"/>. Every write gets a new version, as an ETag would.</summary>
public sealed class InMemoryRunLeaseStore : IRunLeaseStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RunLease> _leases = new();
    private long _version;

    public Task<(RunLease? Lease, string? Holder)> TryAcquireAsync(string job, string runId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(job, out var held) && held.Until > now) return Task.FromResult<(RunLease?, string?)>((null, held.RunId));
            var lease = new RunLease(job, runId, now + duration, NextVersion());
            _leases[job] = lease;
            return Task.FromResult<(RunLease?, string?)>((lease, null));
        }
    }

    public Task<RunLease?> RenewAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            // Still ours while it names this run (run ids are unique), as the Table adapter decides after a changed ETag.
            if (!_leases.TryGetValue(lease.Job, out var held) || held.RunId != lease.RunId) return Task.FromResult<RunLease?>(null);
            var renewed = held with { Until = now + duration, Version = NextVersion() };
            _leases[lease.Job] = renewed;
            return Task.FromResult<RunLease?>(renewed);
        }
    }

    public Task ReleaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.Job, out var held) && held.RunId == lease.RunId) _leases.Remove(lease.Job);
        }

        return Task.CompletedTask;
    }

    private string NextVersion() => (++_version).ToString(CultureInfo.InvariantCulture);
}
