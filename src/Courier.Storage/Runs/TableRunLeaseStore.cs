using Azure;
using Azure.Data.Tables;
using Courier.Core.Runs;
using Courier.Storage.Tables;

namespace Courier.Storage.Runs;

/// <summary>
/// <see cref="IRunLeaseStore"/> on table <c>{prefix}RunLeases</c>: one row per job holding the run id and the lease end.
/// A free job is taken with Add (409 = someone else was first), an expired lease is taken over with an Update on its ETag
/// (412 = someone else was first). Renew and release write on the lease's ETag; after a 412 they read the row again and go on only
/// while it still names the run (an earlier write of ours whose answer was lost), so a lease taken over by another run is never touched.
/// </summary>
public sealed class TableRunLeaseStore : IRunLeaseStore
{
    private const string RowKey = "lease";
    private const int MaxKeyLength = 1000;

    /// <summary>Bounded: each retry follows a change by another instance, so a loop means the job is in heavy contention.</summary>
    private const int MaxAttempts = 8;

    private readonly CourierTables _tables;

    public TableRunLeaseStore(CourierTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    public async Task<(RunLease? Lease, string? Holder)> TryAcquireAsync(string job, string runId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(job);
        var until = now + duration;
        var entity = new TableEntity(partition, RowKey) { ["job"] = job, ["run_id"] = runId, ["until"] = until };
        string? holder = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                Response written;
                if (!current.HasValue)
                {
                    written = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var row = current.Value!;
                    holder = TableValues.String(row, "run_id");
                    // A lease ending exactly now is free: the holder's time is up.
                    if (TableValues.Time(row, "until") is { } heldUntil && heldUntil > now) return (null, holder);
                    written = await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return (new RunLease(job, runId, until, written.Headers.ETag?.ToString()), null);
            }
            catch (RequestFailedException ex) when (TableTransactionRunner.IsLostRace(ex.Status))
            {
                // Another instance took or changed the lease between our read and write: read again and decide again.
            }
        }

        return (null, holder);
    }

    public async Task<RunLease?> RenewAsync(RunLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(lease.Job);
        var until = now + duration;
        var entity = new TableEntity(partition, RowKey) { ["job"] = lease.Job, ["run_id"] = lease.RunId, ["until"] = until };
        var etag = lease.Version is null ? (ETag?)null : new ETag(lease.Version);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            etag ??= await OurETagAsync(table, partition, lease.RunId, cancellationToken).ConfigureAwait(false);
            if (etag is null) return null;
            try
            {
                var written = await table.UpdateEntityAsync(entity, etag.Value, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return lease with { Until = until, Version = written.Headers.ETag?.ToString() };
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed since our version: read again; it is still ours only if it still names this run.
                etag = null;
            }
        }

        return null;
    }

    public async Task ReleaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(lease.Job);
        var etag = lease.Version is null ? (ETag?)null : new ETag(lease.Version);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            etag ??= await OurETagAsync(table, partition, lease.RunId, cancellationToken).ConfigureAwait(false);
            if (etag is null) return;
            try
            {
                await table.DeleteEntityAsync(partition, RowKey, etag.Value, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed since our version: taken over by another run (leave it), or renewed by us in a write whose answer was lost.
                etag = null;
            }
        }
    }

    /// <summary>The row's current ETag while it names <paramref name="runId"/>; null when the lease is gone or another run's. Run ids are unique, so only this run writes rows naming it.</summary>
    private static async Task<ETag?> OurETagAsync(TableClient table, string partition, string runId, CancellationToken cancellationToken)
    {
        var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return current.HasValue && TableValues.String(current.Value!, "run_id") == runId ? current.Value!.ETag : null;
    }

    private static string PartitionOf(string job) => KeyEscaper.EscapeBounded(job, MaxKeyLength);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.RunLeases, cancellationToken);
}
