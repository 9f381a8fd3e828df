namespace Courier.Core.Runs;

/// <summary>Port: the per-job run lease, so a job never runs twice at once across instances. Conditional writes only.</summary>
public interface IRunLeaseStore
{
    /// <summary>Takes the lease when free or expired. Returns the held lease, or null with <paramref name="holder"/> set to the current holder's run id.</summary>
    Task<(RunLease? Lease, string? Holder)> TryAcquireAsync(string job, string runId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Releases the lease if it is still ours; a lease taken over by another run is left alone.</summary>
    Task ReleaseAsync(RunLease lease, CancellationToken cancellationToken);
}
