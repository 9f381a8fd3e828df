namespace Courier.Core.Runs;

/// <summary>Port: the per-job run lease, so a job never runs twice at once across instances. Conditional writes only.</summary>
public interface IRunLeaseStore
{
    /// <summary>Takes the lease when free or expired. Returns the held lease, or null with <paramref name="holder"/> set to the current holder's run id.</summary>
    Task<(RunLease? Lease, string? Holder)> TryAcquireAsync(string job, string runId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease to <paramref name="now"/> + <paramref name="duration"/> if it is still ours (a conditional write). Returns the renewed lease,
    /// whose version replaces the one passed in, or null when it was lost: taken over by another run, released, or gone. Losing it changes nothing.
    /// </summary>
    Task<RunLease?> RenewAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Releases the lease if it is still ours; a lease taken over by another run is left alone.</summary>
    Task ReleaseAsync(RunLease lease, CancellationToken cancellationToken);
}
