using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Courier.Core.Jobs.WriteBack;
using Courier.Storage.Tables;

namespace Courier.Storage.WriteBack;

/// <summary>
/// <see cref="ISyncLog"/> on table <c>{prefix}SyncLog</c>. Every entry goes in partition <c>all</c>, failures also in
/// <c>failed</c>; the RowKey is the inverted time then the item id, so "newest first" is a plain key-order read of one
/// partition and costs what it returns, whatever the log's size. Writes are entity-group transactions per partition.
/// </summary>
public sealed class TableSyncLog(CourierTables tables) : ISyncLog
{
    private const string All = "all";
    private const string Failed = "failed";

    public async Task AddAsync(IReadOnlyList<SyncLogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return;
        var table = await tables.GetAsync(TableNames.SyncLog, cancellationToken).ConfigureAwait(false);
        var units = new List<BatchUnit<SyncLogEntry>>(entries.Count * 2);
        foreach (var entry in entries)
        {
            // Upsert: an entry written again (a run retried after a storage fault) is the same row, not an error.
            units.Add(new BatchUnit<SyncLogEntry>(entry, [new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(All, entry))]));
            if (!entry.Ok) units.Add(new BatchUnit<SyncLogEntry>(entry, [new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(Failed, entry))]));
        }

        await TableTransactionRunner.SubmitAllAsync(table, TableBatchPlanner.Plan(units), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SyncLogEntry>> RecentAsync(int max, bool failedOnly, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return [];
        var table = await tables.GetAsync(TableNames.SyncLog, cancellationToken).ConfigureAwait(false);
        var partition = failedOnly ? Failed : All;
        var query = table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", maxPerPage: TablePaging.PageSizeFor(max), cancellationToken: cancellationToken);
        return await TablePaging.TakeAsync(query, max, Read, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return 0;
        var table = await tables.GetAsync(TableNames.SyncLog, cancellationToken).ConfigureAwait(false);
        var pruned = 0;
        foreach (var partition in new[] { All, Failed })
        {
            // Older entries have larger inverted times: everything at or after this key was written before `before`.
            var from = Inverted(before);
            var query = table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}' and RowKey ge '{from}'", maxPerPage: TablePaging.PageSizeFor(max), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
            var old = await TablePaging.TakeAsync(query, max, e => e, cancellationToken).ConfigureAwait(false);
            var units = old.Select(e => new BatchUnit<TableEntity>(e, [new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)]));
            var results = await TableTransactionRunner.SubmitAllAsync(table, TableBatchPlanner.Plan(units), cancellationToken).ConfigureAwait(false);
            pruned += results.Sum(r => r.Results.Count(u => u.Applied));
        }

        return pruned;
    }

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(string partition, SyncLogEntry entry) => new(partition, Inverted(entry.At) + "_" + KeyEscaper.Escape(entry.ItemId))
    {
        ["at"] = entry.At,
        ["item_id"] = entry.ItemId,
        ["model"] = entry.Model,
        ["record_id"] = entry.RecordId,
        ["action"] = entry.Action,
        ["ok"] = entry.Ok,
        ["message"] = entry.Message.Length > 4000 ? entry.Message[..4000] : entry.Message,
        ["row"] = entry.Row,
    };

    private static SyncLogEntry? Read(TableEntity entity) => new(
        TableValues.Time(entity, "at") ?? DateTimeOffset.MinValue,
        TableValues.String(entity, "item_id") ?? "",
        TableValues.String(entity, "model") ?? "",
        TableValues.String(entity, "record_id") ?? "",
        TableValues.String(entity, "action") ?? "",
        TableValues.Bool(entity, "ok") ?? false,
        TableValues.String(entity, "message") ?? "",
        TableValues.Int(entity, "row"));
}
