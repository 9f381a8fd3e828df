using Azure;
using Azure.Data.Tables;
using Courier.Core.Circuits;
using Courier.Core.Metrics;
using Courier.Storage.Tables;

namespace Courier.Storage.Metrics;

/// <summary>
/// <see cref="IProviderMetricsStore"/> on table <c>{prefix}ProviderUploadMetrics</c> (PartitionKey site, RowKey provider):
/// a read-modify-write on the ETag, retried on 412; the first write is an Add, retried on 409.
/// </summary>
public sealed class TableProviderMetricsStore : IProviderMetricsStore
{
    /// <summary>Counters are written once per run per key, so contention is rare; many retries mean something is wrong.</summary>
    private const int MaxAttempts = 50;

    private readonly CourierTables _tables;

    public TableProviderMetricsStore(CourierTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    public async Task AddAsync(CircuitKey key, ProviderMetricsDelta delta, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(SiteProviderKeys.Partition(key.SiteId), SiteProviderKeys.Row(key.ProviderKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            var before = current.HasValue ? Read(key, current.Value!) : new ProviderMetrics(key, 0, 0, 0, 0, now);
            var after = before with
            {
                AttemptsTotal = before.AttemptsTotal + delta.Attempts,
                CompletedTotal = before.CompletedTotal + delta.Completed,
                FailedTotal = before.FailedTotal + delta.Failed,
                RetryTotal = before.RetryTotal + delta.Retry,
                UpdatedAt = now,
            };
            try
            {
                if (current.HasValue) await table.UpdateEntityAsync(ToEntity(after), current.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                else await table.AddEntityAsync(ToEntity(after), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                // Another run added to the same key between our read and write: read its total and add again.
            }
        }

        throw new InvalidOperationException($"provider metrics of {key} kept changing; {MaxAttempts} attempts to add a run's counts failed");
    }

    public async Task<ProviderMetrics?> GetAsync(CircuitKey key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var current = await table.GetEntityIfExistsAsync<TableEntity>(SiteProviderKeys.Partition(key.SiteId), SiteProviderKeys.Row(key.ProviderKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return current.HasValue ? Read(key, current.Value!) : null;
    }

    private static ProviderMetrics Read(CircuitKey key, TableEntity entity) => new(
        key,
        TableValues.Long(entity, "attempts_total") ?? 0,
        TableValues.Long(entity, "completed_total") ?? 0,
        TableValues.Long(entity, "failed_total") ?? 0,
        TableValues.Long(entity, "retry_total") ?? 0,
        TableValues.Time(entity, "updated_at") ?? DateTimeOffset.UnixEpoch);

    private static TableEntity ToEntity(ProviderMetrics metrics) => new(SiteProviderKeys.Partition(metrics.Key.SiteId), SiteProviderKeys.Row(metrics.Key.ProviderKey))
    {
        ["site_id"] = metrics.Key.SiteId,
        ["provider_key"] = metrics.Key.ProviderKey,
        ["attempts_total"] = metrics.AttemptsTotal,
        ["completed_total"] = metrics.CompletedTotal,
        ["failed_total"] = metrics.FailedTotal,
        ["retry_total"] = metrics.RetryTotal,
        ["updated_at"] = metrics.UpdatedAt,
    };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.ProviderUploadMetrics, cancellationToken);
}
