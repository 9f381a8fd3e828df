using Azure;
using Azure.Data.Tables;
using Courier.Core.Runs;
using Courier.Storage.Tables;

namespace Courier.Storage.Runs;

/// <summary>
/// <see cref="IRunLeaseStore"/> on table <c>{prefix}RunLeases</c>: one row per job holding the run id and the lease end.
/// A free job is taken with Add (409 = someone else was first), an expired lease is taken over with an Update on its ETag
/// (412 = someone else was first), and release deletes the row only while its ETag is still ours.
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

    public async Task ReleaseAsync(RunLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(lease.Job);
        var etag = lease.Version is null ? (ETag?)null : new ETag(lease.Version);
        if (etag is null)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || TableValues.String(current.Value!, "run_id") != lease.RunId) return;
            etag = current.Value!.ETag;
        }

        try
        {
            await table.DeleteEntityAsync(partition, RowKey, etag.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already gone, or taken over by another run after ours expired: theirs now, leave it.
        }
    }

    private static string PartitionOf(string job) => KeyEscaper.EscapeBounded(job, MaxKeyLength);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.RunLeases, cancellationToken);
}
