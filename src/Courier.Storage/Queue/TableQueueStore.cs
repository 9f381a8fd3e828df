using Azure;
using Azure.Data.Tables;
using Courier.Core.Queue;
using Courier.Storage.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courier.Storage.Queue;

/// <summary>
/// <see cref="IQueueStore"/> on one Azure table (<c>{prefix}Queue</c>). Each queue is spread over
/// <see cref="QueueShards"/> partitions; in each, an item has a main row and one index row whose RowKey orders it by state and
/// time, so "due", "expired lease" and "finished before" are RowKey range reads that never scan finished items.
/// Every change rewrites both rows in one conditional entity-group transaction (see <see cref="QueueRowKeys"/>).
/// </summary>
public sealed partial class TableQueueStore : IQueueStore
{
    private const int MaxEnqueueAttempts = 3;
    private readonly CourierTables _tables;
    private readonly int _shards;
    private readonly ILogger _logger;

    public TableQueueStore(CourierTables tables, int queueShards, ILogger<TableQueueStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueShards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueShards, 99);
        _tables = tables;
        _shards = queueShards;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How many partitions each queue is spread over.</summary>
    public int QueueShards => _shards;

    public async Task<EnqueueResult> AddAsync(QueueItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        QueueKeys.Validate(item.Queue, item.Id);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = QueueRowKeys.Partition(item.Queue, item.Id, _shards);
        var indexKey = QueueRowKeys.Index(item);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, QueueEntityMapper.ToEntity(item, partition, QueueRowKeys.Main(item.Id), indexKey)),
            new(TableTransactionActionType.Add, QueueEntityMapper.ToEntity(item, partition, indexKey, null)),
        ];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return new EnqueueResult(item with { Version = ItemVersion.OfMain(ETagOf(response.Value[0])) }, true);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                var existing = await GetAsync(item.Queue, item.Id, cancellationToken).ConfigureAwait(false);
                if (existing is not null) return new EnqueueResult(existing, false);
                // The row that conflicted is gone again (pruned in between): add once more.
                if (attempt >= MaxEnqueueAttempts)
                    throw new InvalidOperationException($"queue item '{item.Id}' of '{item.Queue}' conflicts with a row that cannot be read (an index row without its main row?)", ex);
            }
        }
    }

    public async Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken)
    {
        QueueKeys.Validate(queue, id);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(QueueRowKeys.Partition(queue, id, _shards), QueueRowKeys.Main(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ReadRow(response.Value!, fromIndex: false) : null;
    }

    public async Task<IReadOnlyList<QueueItem>> ListDueAsync(string queue, DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var items = await ReadIndexAsync(queue, QueueRowKeys.Due, QueueRowKeys.UpperBoundInclusive(QueueRowKeys.Due, dueBy), max, i => i.IsWaiting, cancellationToken).ConfigureAwait(false);
        return items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<QueueItem>> ListExpiredLeasesAsync(string queue, DateTimeOffset expiredBy, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var items = await ReadIndexAsync(queue, QueueRowKeys.Lease, QueueRowKeys.UpperBoundInclusive(QueueRowKeys.Lease, expiredBy), max, i => i.State == QueueState.Processing, cancellationToken).ConfigureAwait(false);
        return items.OrderBy(i => i.LeaseUntil).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<QueueItem>> ListInStateAsync(string queue, QueueState state, DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var prefix = QueueRowKeys.PrefixOf(state);
        // Processing rows are ordered by lease end, not by DueAt: read them all and sort. Other states are ordered by DueAt.
        var byDueAt = state != QueueState.Processing;
        var end = byDueAt ? QueueRowKeys.UpperBoundExclusive(prefix, before) : QueueRowKeys.EndOf(prefix);
        var items = await ReadIndexAsync(queue, prefix, end, byDueAt ? max : int.MaxValue, i => i.State == state && i.DueAt < before, cancellationToken).ConfigureAwait(false);
        return items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<QueueItem>> FindInStateAsync(string queue, QueueState state, DateTimeOffset from, DateTimeOffset before, Func<QueueItem, bool> match, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (state == QueueState.Processing) throw new ArgumentException("Processing rows are ordered by lease end, not by DueAt", nameof(state));
        if (max <= 0 || before <= from) return [];
        var prefix = QueueRowKeys.PrefixOf(state);
        // The range holds only this state's rows between the two times; the filter (site, error code) is applied while paging, so
        // each shard stops after max matches.
        var items = await ReadIndexAsync(queue, QueueRowKeys.LowerBound(prefix, from), QueueRowKeys.UpperBoundExclusive(prefix, before), max,
            i => i.State == state && i.DueAt >= from && i.DueAt < before && match(i), cancellationToken).ConfigureAwait(false);
        return items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ItemTransition> transitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var outcomes = new WriteOutcome?[transitions.Count];
        var units = new List<BatchUnit<int>>(transitions.Count);
        for (var i = 0; i < transitions.Count; i++)
        {
            var (current, next) = (transitions[i].Current, transitions[i].Next);
            if (!string.Equals(current.Queue, next.Queue, StringComparison.Ordinal) || !string.Equals(current.Id, next.Id, StringComparison.Ordinal))
                throw new ArgumentException($"transition {i} changes the item's queue or id", nameof(transitions));
            if (!ItemVersion.TryParse(current.Version, out var version))
            {
                outcomes[i] = WriteOutcome.Lost(next, "the item was not read from this store (no version)");
                continue;
            }

            units.Add(new BatchUnit<int>(i, TransitionActions(current, next, version)));
        }

        await SubmitAsync(units, outcomes, (index, result) =>
        {
            var next = transitions[index].Next;
            // The main row's write is the unit's last operation; its new ETag is the returned item's version.
            return result.Applied
                ? WriteOutcome.Won(next with { Version = ItemVersion.OfMain(ETagOf(result.Responses![^1])) })
                : WriteOutcome.Lost(next, LostReason(result.Status));
        }, cancellationToken).ConfigureAwait(false);

        return outcomes.Select(o => o!).ToList();
    }

    public async Task<IReadOnlyList<WriteOutcome>> DeleteAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var outcomes = new WriteOutcome?[items.Count];
        var units = new List<BatchUnit<int>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!ItemVersion.TryParse(item.Version, out var version))
            {
                outcomes[i] = WriteOutcome.Lost(item, "the item was not read from this store (no version)");
                continue;
            }

            var partition = QueueRowKeys.Partition(item.Queue, item.Id, _shards);
            units.Add(new BatchUnit<int>(i,
            [
                new(TableTransactionActionType.Delete, new TableEntity(partition, QueueRowKeys.Index(item)), version.FromIndex ? version.ETag : ETag.All),
                new(TableTransactionActionType.Delete, new TableEntity(partition, QueueRowKeys.Main(item.Id)), version.FromIndex ? ETag.All : version.ETag),
            ]));
        }

        await SubmitAsync(units, outcomes, (index, result) =>
            result.Applied ? WriteOutcome.Won(items[index]) : WriteOutcome.Lost(items[index], LostReason(result.Status)), cancellationToken).ConfigureAwait(false);

        return outcomes.Select(o => o!).ToList();
    }

    public async Task<QueueStats> GetStatsAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ValidateQueue(queue);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var reads = new List<Task<(Dictionary<QueueState, int> Counts, long? OldestDueTicks)>>();
        for (var shard = 0; shard < _shards; shard++)
        {
            foreach (var prefix in QueueRowKeys.IndexPrefixes) reads.Add(CountAsync(table, QueueRowKeys.Partition(queue, shard), prefix, now, cancellationToken));
        }

        var parts = await Task.WhenAll(reads).ConfigureAwait(false);
        var byState = new Dictionary<QueueState, int>();
        long? oldest = null;
        foreach (var (counts, oldestTicks) in parts)
        {
            foreach (var (state, n) in counts) byState[state] = byState.GetValueOrDefault(state) + n;
            if (oldestTicks is { } t && (oldest is null || t < oldest)) oldest = t;
        }

        return new QueueStats(queue, byState, oldest is { } o ? now - new DateTimeOffset(o, TimeSpan.Zero) : null);
    }

    /// <summary>
    /// The operations of one transition, conditional on the row the version came from. The old index row is deleted and the
    /// new one added (or, when the key is unchanged, replaced: a row may appear only once per transaction); the main row is
    /// replaced last. Conditioned on the index row, the main row is upserted so that a lost main row heals.
    /// </summary>
    private IReadOnlyList<TableTransactionAction> TransitionActions(QueueItem current, QueueItem next, ItemVersion version)
    {
        var partition = QueueRowKeys.Partition(next.Queue, next.Id, _shards);
        var oldIndex = QueueRowKeys.Index(current);
        var newIndex = QueueRowKeys.Index(next);
        var indexEtag = version.FromIndex ? version.ETag : ETag.All;
        var actions = new List<TableTransactionAction>(3);
        if (string.Equals(oldIndex, newIndex, StringComparison.Ordinal))
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, QueueEntityMapper.ToEntity(next, partition, newIndex, null), indexEtag));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, oldIndex), indexEtag));
            actions.Add(new(TableTransactionActionType.Add, QueueEntityMapper.ToEntity(next, partition, newIndex, null)));
        }

        var main = QueueEntityMapper.ToEntity(next, partition, QueueRowKeys.Main(next.Id), newIndex);
        actions.Add(version.FromIndex
            ? new(TableTransactionActionType.UpsertReplace, main)
            : new(TableTransactionActionType.UpdateReplace, main, version.ETag));
        return actions;
    }

    private async Task<List<QueueItem>> ReadIndexAsync(string queue, string from, string toExclusive, int maxPerShard, Func<QueueItem, bool> keep, CancellationToken cancellationToken)
    {
        ValidateQueue(queue);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var shards = Enumerable.Range(0, _shards).Select(shard =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {QueueRowKeys.Partition(queue, shard)} and RowKey ge {from} and RowKey lt {toExclusive}");
            var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: TablePaging.PageSizeFor(maxPerShard), cancellationToken: cancellationToken);
            return TablePaging.TakeAsync(rows, maxPerShard, e => ReadRow(e, fromIndex: true) is { } item && keep(item) ? item : null, cancellationToken);
        });
        var results = await Task.WhenAll(shards).ConfigureAwait(false);
        return results.SelectMany(r => r).ToList();
    }

    private static async Task<(Dictionary<QueueState, int>, long?)> CountAsync(TableClient table, string partition, string prefix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {QueueRowKeys.EndOf(prefix)}");
        // Only the keys (and, for waiting rows, the state that tells Queued from Retry): counting never moves payloads.
        string[] select = prefix == QueueRowKeys.Due ? ["RowKey", QueueEntityMapper.StateColumn] : ["RowKey"];
        var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: TablePaging.MaxPageSize, select: select, cancellationToken: cancellationToken);
        var counts = new Dictionary<QueueState, int>();
        long? oldest = null;
        var fallback = QueueEntityMapper.StatesOf(prefix)[^1];
        await TablePaging.ForEachAsync(rows, row =>
        {
            var state = fallback;
            if (prefix == QueueRowKeys.Due && string.Equals(TableValues.String(row, QueueEntityMapper.StateColumn), nameof(QueueState.Queued), StringComparison.Ordinal))
                state = QueueState.Queued;
            counts[state] = counts.GetValueOrDefault(state) + 1;
            if (prefix == QueueRowKeys.Due && QueueRowKeys.TryParseIndex(row.RowKey, out _, out var dueAt, out _) && dueAt <= now && (oldest is null || dueAt.UtcTicks < oldest))
                oldest = dueAt.UtcTicks;
        }, cancellationToken).ConfigureAwait(false);
        return (counts, oldest);
    }

    private QueueItem? ReadRow(TableEntity entity, bool fromIndex)
    {
        var item = QueueEntityMapper.Read(entity, fromIndex, out var problem);
        if (item is null) LogRowSkipped(_logger, entity.PartitionKey, entity.RowKey, problem ?? "unreadable");
        else if (problem is not null) LogRowCorrupt(_logger, entity.PartitionKey, entity.RowKey, problem, item.State);
        return item;
    }

    /// <summary>Plans the units into entity-group transactions, submits them, and records each unit's outcome at its input index.</summary>
    private async Task SubmitAsync(List<BatchUnit<int>> units, WriteOutcome?[] outcomes, Func<int, UnitResult, WriteOutcome> outcomeOf, CancellationToken cancellationToken)
    {
        if (units.Count == 0) return;
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var submitted = await TableTransactionRunner.SubmitAllAsync(table, TableBatchPlanner.Plan(units), cancellationToken).ConfigureAwait(false);
        foreach (var (batch, results) in submitted)
        {
            for (var u = 0; u < batch.Units.Count; u++) outcomes[batch.Units[u].Tag] = outcomeOf(batch.Units[u].Tag, results[u]);
        }
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.Queue, cancellationToken);

    /// <summary>Queue names go into PartitionKeys unescaped, so they are held to the same rule as on enqueue.</summary>
    private static void ValidateQueue(string queue) => QueueKeys.Validate(queue, id: "-");

    private static ETag ETagOf(Response response) =>
        response.Headers.ETag ?? throw new InvalidOperationException("the table service returned no ETag for a write");

    private static string LostReason(int status) => status switch
    {
        412 => "the item changed since it was read",
        404 => "the item changed or was removed since it was read",
        409 => "the item changed since it was read (its new index row already exists)",
        _ => $"the write was refused ({status})",
    };

    [LoggerMessage(EventId = 2100, EventName = "queue_row_corrupt", Level = LogLevel.Warning,
        Message = "Queue row {PartitionKey}/{RowKey} is damaged ({Problem}); surfaced as {State} with a CORRUPT_ROW error so the job can fail it")]
    private static partial void LogRowCorrupt(ILogger logger, string partitionKey, string rowKey, string problem, QueueState state);

    [LoggerMessage(EventId = 2101, EventName = "queue_row_skipped", Level = LogLevel.Warning,
        Message = "Queue row {PartitionKey}/{RowKey} skipped: {Problem}")]
    private static partial void LogRowSkipped(ILogger logger, string partitionKey, string rowKey, string problem);
}
