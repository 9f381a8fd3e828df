using Courier.Core.Runs;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="IRunLeaseStore"/>.</summary>
public sealed class InMemoryRunLeaseStore : IRunLeaseStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RunLease> _leases = new();

    public Task<(RunLease? Lease, string? Holder)> TryAcquireAsync(string job, string runId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(job, out var held) && held.Until > now) return Task.FromResult<(RunLease?, string?)>((null, held.RunId));
            var lease = new RunLease(job, runId, now + duration, runId);
            _leases[job] = lease;
            return Task.FromResult<(RunLease?, string?)>((lease, null));
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
}
