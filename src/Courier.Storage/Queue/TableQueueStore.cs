using Azure;
using Azure.Data.Tables;
using Courier.Core.Queue;
using Courier.Storage.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courier.Storage.Queue;

/// <summary>
/// <see cref="IQueueStore"/> on one Azure table (<c>{prefix}Queue</c>). Each queue is spread over
/// <see cref="QueueShards"/> partitions; in each, an item has a main row and one index row whose RowKey orders it by state class
/// and time, so "due", "expired lease" and "finished before" are RowKey range reads that never scan finished items, and a
/// counter of completed items. Every change is one conditional entity-group transaction: a claim rewrites the due row, a
/// completion moves it to the completed range, other changes move the index row and rewrite the main row (see <see cref="QueueRowKeys"/>).
/// </summary>
public sealed partial class TableQueueStore : IQueueStore
{
    private const int MaxEnqueueAttempts = 3;
    private static readonly string ProcessingFilter = TableClient.CreateQueryFilter($"state eq {nameof(QueueState.Processing)}");
    private static readonly string NotProcessingFilter = TableClient.CreateQueryFilter($"state ne {nameof(QueueState.Processing)}");
    private readonly CourierTables _tables;
    private readonly int _shards;
    private readonly ILogger _logger;
    private readonly CompletedCounter _completed;

    public TableQueueStore(CourierTables tables, int queueShards, ILogger<TableQueueStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueShards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueShards, 99);
        _tables = tables;
        _shards = queueShards;
        _completed = new CompletedCounter(TableAsync);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How many partitions each queue is spread over.</summary>
    public int QueueShards => _shards;

    public async Task<EnqueueResult> AddAsync(QueueItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (await AddManyAsync([item], cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<IReadOnlyList<EnqueueResult>> AddManyAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items) QueueKeys.Validate(item.Queue, item.Id);
        var results = new EnqueueResult?[items.Count];
        var pending = Enumerable.Range(0, items.Count).ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            // Two rows per item (main and index): up to 49 items per entity-group transaction, plus the counter when one is
            // added already completed.
            var units = pending.Select(i => new BatchUnit<int>(i, AddActions(items[i]))).ToList();
            var outcomes = new WriteOutcome?[items.Count];
            await SubmitAsync(units, outcomes, (index, result) => result.Applied
                ? WriteOutcome.Won(items[index] with { Version = ItemVersion.OfMain(ETagOf(result.Responses![0])) })
                : WriteOutcome.Lost(items[index], LostReason(result.Status)), cancellationToken,
                index => items[index].State == QueueState.Completed ? 1 : 0).ConfigureAwait(false);

            var conflicted = new List<int>();
            foreach (var i in pending)
            {
                if (outcomes[i]!.Applied) results[i] = new EnqueueResult(outcomes[i]!.Item, true);
                else conflicted.Add(i);
            }

            pending = [];
            foreach (var i in conflicted)
            {
                var existing = await GetAsync(items[i].Queue, items[i].Id, cancellationToken).ConfigureAwait(false);
                if (existing is not null) results[i] = new EnqueueResult(existing, false);
                // The row that conflicted is gone again (pruned in between): add once more.
                else if (attempt < MaxEnqueueAttempts) pending.Add(i);
                else throw new InvalidOperationException($"queue item '{items[i].Id}' of '{items[i].Queue}' conflicts with a row that cannot be read (an index row without its main row?)");
            }
        }

        return results.Select(r => r!).ToList();
    }

    /// <summary>
    /// The item as it stands. The main row is current for failed, unknown and re-driven items; for waiting, claimed and
    /// completed ones it still names the due row it was written with (a claim and a completion do not rewrite it), so the
    /// due row is read next and, once that is gone, the completed row whose key the main row's creation time gives.
    /// </summary>
    public async Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken)
    {
        QueueKeys.Validate(queue, id);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = QueueRowKeys.Partition(queue, id, _shards);
        QueueItem? main = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, QueueRowKeys.Main(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.HasValue) return null;
            main = ReadRow(response.Value!, fromIndex: false);
            if (main is null || QueueRowKeys.PrefixOf(main.State) != QueueRowKeys.Due) return main;
            foreach (var key in new[] { QueueRowKeys.Index(main), QueueRowKeys.Index(main with { State = QueueState.Completed }) })
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (row.HasValue && ReadRow(row.Value!, fromIndex: true) is { } current) return current;
            }

            // Neither row: a transition that rewrites the main row moved the item in between; read it again.
        }

        return main;
    }

    public async Task<IReadOnlyList<QueueItem>> ListDueAsync(string queue, DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        // Claimed items keep their due rows; the service leaves them out, so only claimable rows come back.
        var items = await ReadFirstAsync(queue, QueueRowKeys.Due, QueueRowKeys.UpperBoundInclusive(QueueRowKeys.Due, dueBy), max, i => i.IsWaiting, cancellationToken,
            NotProcessingFilter).ConfigureAwait(false);
        return items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<QueueItem>> ListExpiredLeasesAsync(string queue, DateTimeOffset expiredBy, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        // A lease starts at or after its item's due time, so every expired one sits in the due range up to expiredBy; the
        // lease end is checked here, where a damaged row without one still counts as expired.
        var items = await ReadIndexAsync(queue, QueueRowKeys.Due, QueueRowKeys.UpperBoundInclusive(QueueRowKeys.Due, expiredBy), int.MaxValue,
            i => i.State == QueueState.Processing && i.LeaseUntil <= expiredBy, cancellationToken, ProcessingFilter).ConfigureAwait(false);
        return items.OrderBy(i => i.LeaseUntil).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<QueueItem>> ListInStateAsync(string queue, QueueState state, DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var prefix = QueueRowKeys.PrefixOf(state);
        // Due rows are ordered by due time, failed and unknown ones by when they finished, completed ones by creation time
        // (which is never after they finished): in each, the rows before `before` are a key range.
        var end = QueueRowKeys.UpperBoundExclusive(prefix, before);
        bool Keep(QueueItem i) => i.State == state && i.DueAt < before;
        // Due rows of one state are not in DueAt order among the others: read them all (they are the backlog, not history).
        var items = prefix == QueueRowKeys.Due
            ? await ReadIndexAsync(queue, prefix, end, int.MaxValue, Keep, cancellationToken, StateFilter(state)).ConfigureAwait(false)
            : await ReadFirstAsync(queue, prefix, end, max, Keep, cancellationToken, null).ConfigureAwait(false);
        return items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<QueueItem>> FindInStateAsync(string queue, QueueState state, DateTimeOffset from, DateTimeOffset before, Func<QueueItem, bool> match, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (state == QueueState.Processing) throw new ArgumentException("Processing items are found by their lease, not by DueAt", nameof(state));
        if (max <= 0 || before <= from) return [];
        var prefix = QueueRowKeys.PrefixOf(state);
        // Completed rows are keyed by creation time, which is not after DueAt: their range starts at the beginning.
        var lower = state == QueueState.Completed ? prefix : QueueRowKeys.LowerBound(prefix, from);
        // The range holds only this state class's rows up to `before`; the filter (site, error code) is applied while paging,
        // so each shard stops after max matches.
        var items = await ReadFirstAsync(queue, lower, QueueRowKeys.UpperBoundExclusive(prefix, before), max,
            i => i.State == state && i.DueAt >= from && i.DueAt < before && match(i), cancellationToken, StateFilter(state)).ConfigureAwait(false);
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
            // The unit's first operation writes the row the next version is read from: the new index row, or the main row.
            return result.Applied
                ? WriteOutcome.Won(next with { Version = VersionAfter(transitions[index], result.Responses!) })
                : WriteOutcome.Lost(next, LostReason(result.Status));
        }, cancellationToken, index => CompletedDelta(transitions[index].Current.State, transitions[index].Next.State)).ConfigureAwait(false);

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
            result.Applied ? WriteOutcome.Won(items[index]) : WriteOutcome.Lost(items[index], LostReason(result.Status)), cancellationToken,
            index => items[index].State == QueueState.Completed ? -1 : 0).ConfigureAwait(false);

        return outcomes.Select(o => o!).ToList();
    }

    /// <summary>Counts per state without reading history: see <see cref="QueueCounts"/>.</summary>
    public async Task<QueueStats> GetStatsAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ValidateQueue(queue);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await QueueCounts.ReadAsync(table, queue, _shards, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The operations of one transition, conditional on the row the version came from. When the index key stays (a claim, a
    /// heartbeat) the index row is replaced in place; otherwise the old one is deleted and the new one added. The main row is
    /// rewritten only when the item leaves the due range for anything but completion, or comes back to it, so that it always
    /// names the due row to read (see <see cref="GetAsync"/>): a claim costs one write and a completion two. Conditioned on the
    /// index row, the main row is upserted so that a lost main row heals; conditioned on the main row, it is always written.
    /// </summary>
    private IReadOnlyList<TableTransactionAction> TransitionActions(QueueItem current, QueueItem next, ItemVersion version)
    {
        var partition = QueueRowKeys.Partition(next.Queue, next.Id, _shards);
        var oldIndex = QueueRowKeys.Index(current);
        var newIndex = QueueRowKeys.Index(next);
        var indexEtag = version.FromIndex ? version.ETag : ETag.All;
        var actions = new List<TableTransactionAction>(3);
        var sameKey = string.Equals(oldIndex, newIndex, StringComparison.Ordinal);
        if (sameKey)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, QueueEntityMapper.ToEntity(next, partition, newIndex, null), indexEtag));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.Add, QueueEntityMapper.ToEntity(next, partition, newIndex, null)));
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, oldIndex), indexEtag));
        }

        var mainStays = version.FromIndex && (sameKey || (next.State == QueueState.Completed && QueueRowKeys.PrefixOf(current.State) == QueueRowKeys.Due));
        if (!mainStays)
        {
            var main = QueueEntityMapper.ToEntity(next, partition, QueueRowKeys.Main(next.Id), newIndex);
            actions.Add(version.FromIndex
                ? new(TableTransactionActionType.UpsertReplace, main)
                : new(TableTransactionActionType.UpdateReplace, main, version.ETag));
        }

        return actions;
    }

    /// <summary>The two rows a new item is written as: its main row first (its ETag is the returned version), then its index row.</summary>
    private TableTransactionAction[] AddActions(QueueItem item)
    {
        var partition = QueueRowKeys.Partition(item.Queue, item.Id, _shards);
        var indexKey = QueueRowKeys.Index(item);
        return
        [
            new(TableTransactionActionType.Add, QueueEntityMapper.ToEntity(item, partition, QueueRowKeys.Main(item.Id), indexKey)),
            new(TableTransactionActionType.Add, QueueEntityMapper.ToEntity(item, partition, indexKey, null)),
        ];
    }

    /// <summary>The version of an item after its transition: the ETag of the main row when it was written (conditioned on it), else of the index row.</summary>
    private static string VersionAfter(ItemTransition transition, IReadOnlyList<Response> responses)
    {
        _ = ItemVersion.TryParse(transition.Current.Version, out var version);
        return version.FromIndex ? ItemVersion.OfIndex(ETagOf(responses[0])) : ItemVersion.OfMain(ETagOf(responses[^1]));
    }

    private static int CompletedDelta(QueueState from, QueueState to) =>
        (to == QueueState.Completed ? 1 : 0) - (from == QueueState.Completed ? 1 : 0);

    private async Task<List<QueueItem>> ReadIndexAsync(string queue, string from, string toExclusive, int maxPerShard, Func<QueueItem, bool> keep, CancellationToken cancellationToken, string? serverFilter = null)
    {
        ValidateQueue(queue);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var shards = Enumerable.Range(0, _shards).Select(shard =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {QueueRowKeys.Partition(queue, shard)} and RowKey ge {from} and RowKey lt {toExclusive}");
            if (serverFilter is not null) filter += " and " + serverFilter;
            var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: TablePaging.PageSizeFor(maxPerShard), cancellationToken: cancellationToken);
            return TablePaging.TakeAsync(rows, maxPerShard, e => ReadRow(e, fromIndex: true) is { } item && keep(item) ? item : null, cancellationToken);
        });
        var results = await Task.WhenAll(shards).ConfigureAwait(false);
        return results.SelectMany(r => r).ToList();
    }

    /// <summary>The first <paramref name="max"/> kept rows of a key range over all shards, in key order, reading each shard only as far as needed.</summary>
    private async Task<List<QueueItem>> ReadFirstAsync(string queue, string from, string toExclusive, int max, Func<QueueItem, bool> keep, CancellationToken cancellationToken, string? serverFilter)
    {
        ValidateQueue(queue);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var filters = Enumerable.Range(0, _shards).Select(shard =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {QueueRowKeys.Partition(queue, shard)} and RowKey ge {from} and RowKey lt {toExclusive}");
            return serverFilter is null ? filter : filter + " and " + serverFilter;
        }).ToList();
        return await ShardedRangeRead.FirstAsync(table, filters, max, e => ReadRow(e, fromIndex: true) is { } item && keep(item) ? item : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service-side filter for a state in its range: due rows hold three states, the other ranges one.</summary>
    private static string? StateFilter(QueueState state) =>
        QueueRowKeys.PrefixOf(state) == QueueRowKeys.Due ? TableClient.CreateQueryFilter($"state eq {state.ToString()}") : null;


    private QueueItem? ReadRow(TableEntity entity, bool fromIndex)
    {
        var item = QueueEntityMapper.Read(entity, fromIndex, out var problem);
        if (item is null) LogRowSkipped(_logger, entity.PartitionKey, entity.RowKey, problem ?? "unreadable");
        else if (problem is not null) LogRowCorrupt(_logger, entity.PartitionKey, entity.RowKey, problem, item.State);
        return item;
    }

    /// <summary>
    /// Plans the units into entity-group transactions, submits them, and records each unit's outcome at its input index. Each
    /// transaction keeps room for the completed counter, written with it when <paramref name="completedDelta"/> says its units change it.
    /// </summary>
    private async Task SubmitAsync(List<BatchUnit<int>> units, WriteOutcome?[] outcomes, Func<int, UnitResult, WriteOutcome> outcomeOf, CancellationToken cancellationToken, Func<int, int> completedDelta)
    {
        if (units.Count == 0) return;
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var batches = TableBatchPlanner.Plan(units, TableBatchPlanner.MaxOperations - 1);
        var submitted = await TableTransactionRunner.SubmitAllAsync(table, batches, cancellationToken, _completed.Rider(completedDelta)).ConfigureAwait(false);
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
