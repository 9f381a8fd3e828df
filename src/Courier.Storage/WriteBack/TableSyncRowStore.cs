using Azure;
using Azure.Data.Tables;
using Courier.Core.Jobs.WriteBack;
using Courier.Storage.Tables;

namespace Courier.Storage.WriteBack;

/// <summary>
/// <see cref="ISyncRowStore"/> on table <c>{prefix}SyncRows</c>: PartitionKey the model, RowKey the record id (escaped). Reads
/// are point reads, a few at a time; saves are entity-group transactions of up to 100 rows, each an Add (new row) or a
/// Replace conditional on the ETag read, so a row another writer changed first is left as it is.
/// </summary>
public sealed class TableSyncRowStore(CourierTables tables) : ISyncRowStore
{
    private const int ParallelReads = 16;

    public async Task<IReadOnlyDictionary<string, SyncRow>> GetAsync(string model, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        var table = await tables.GetAsync(TableNames.SyncRows, cancellationToken).ConfigureAwait(false);
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, SyncRow>(StringComparer.Ordinal);
        var partition = KeyEscaper.Escape(model);
        await Parallel.ForEachAsync(recordIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (recordId, ct) =>
        {
            var entity = await table.GetEntityIfExistsAsync<TableEntity>(partition, KeyEscaper.Escape(recordId), cancellationToken: ct).ConfigureAwait(false);
            if (entity.HasValue) found[recordId] = Read(model, recordId, entity.Value!);
        }).ConfigureAwait(false);
        return found;
    }

    public async Task<int> SaveAsync(IReadOnlyList<SyncRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return 0;
        var table = await tables.GetAsync(TableNames.SyncRows, cancellationToken).ConfigureAwait(false);
        var units = rows.Select(row =>
        {
            var entity = ToEntity(row);
            var action = row.Version is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(row.Version));
            return new BatchUnit<SyncRow>(row, [action]);
        });
        var results = await TableTransactionRunner.SubmitAllAsync(table, TableBatchPlanner.Plan(units), cancellationToken).ConfigureAwait(false);
        return results.Sum(r => r.Results.Count(u => u.Applied));
    }

    private static SyncRow Read(string model, string recordId, TableEntity entity) => new(
        model,
        recordId,
        TableValues.Int(entity, "row") ?? 0,
        TableValues.Bool(entity, "deleted") ?? false,
        TableValues.Time(entity, "applied_at") ?? DateTimeOffset.MinValue,
        TableValues.String(entity, "applied_item_id") ?? "",
        TableValues.Time(entity, "updated_at") ?? DateTimeOffset.MinValue,
        entity.ETag.ToString());

    private static TableEntity ToEntity(SyncRow row) => new(KeyEscaper.Escape(row.Model), KeyEscaper.Escape(row.RecordId))
    {
        ["model"] = row.Model,
        ["record_id"] = row.RecordId,
        ["row"] = row.Row,
        ["deleted"] = row.Deleted,
        ["applied_at"] = row.AppliedAt,
        ["applied_item_id"] = row.AppliedItemId,
        ["updated_at"] = row.UpdatedAt,
    };
}
