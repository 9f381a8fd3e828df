using Azure.Data.Tables;
using Courier.Core.Queue;
using Courier.Storage.Tables;

namespace Courier.Storage.Queue;

/// <summary>
/// A queue's counts per state without reading history: per shard, the due range (keys and state of waiting and claimed
/// items), the failed and unknown ranges (keys only), and the completed counter (<see cref="CompletedCounter"/>).
/// </summary>
internal static class QueueCounts
{
    public static async Task<QueueStats> ReadAsync(TableClient table, string queue, int shards, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reads = new List<Task<(Dictionary<QueueState, long> Counts, long? OldestDueTicks)>>();
        for (var shard = 0; shard < shards; shard++)
        {
            var partition = QueueRowKeys.Partition(queue, shard);
            foreach (var prefix in new[] { QueueRowKeys.Due, QueueRowKeys.Fail, QueueRowKeys.Unknown }) reads.Add(CountAsync(table, partition, prefix, now, cancellationToken));
            reads.Add(CompletedAsync(table, partition, cancellationToken));
        }

        var parts = await Task.WhenAll(reads).ConfigureAwait(false);
        var byState = new Dictionary<QueueState, int>();
        long? oldest = null;
        foreach (var (counts, oldestTicks) in parts)
        {
            foreach (var (state, n) in counts) byState[state] = (int)Math.Min(int.MaxValue, byState.GetValueOrDefault(state) + n);
            if (oldestTicks is { } t && (oldest is null || t < oldest)) oldest = t;
        }

        return new QueueStats(queue, byState, oldest is { } o ? now - new DateTimeOffset(o, TimeSpan.Zero) : null);
    }

    private static async Task<(Dictionary<QueueState, long>, long?)> CountAsync(TableClient table, string partition, string prefix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {QueueRowKeys.EndOf(prefix)}");
        // Only the keys (and, for due rows, the state that tells Queued, Retry and Processing apart): counting never moves payloads.
        string[] select = prefix == QueueRowKeys.Due ? ["RowKey", QueueEntityMapper.StateColumn] : ["RowKey"];
        var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: TablePaging.MaxPageSize, select: select, cancellationToken: cancellationToken);
        var counts = new Dictionary<QueueState, long>();
        long? oldest = null;
        var fallback = QueueEntityMapper.StatesOf(prefix)[^1];
        await TablePaging.ForEachAsync(rows, row =>
        {
            var state = fallback;
            if (prefix == QueueRowKeys.Due && Enum.TryParse<QueueState>(TableValues.String(row, QueueEntityMapper.StateColumn), out var stored)
                && QueueEntityMapper.StatesOf(prefix).Contains(stored))
                state = stored;
            counts[state] = counts.GetValueOrDefault(state) + 1;
            if (state != QueueState.Processing && prefix == QueueRowKeys.Due && QueueRowKeys.TryParseIndex(row.RowKey, out _, out var dueAt, out _) && dueAt <= now && (oldest is null || dueAt.UtcTicks < oldest))
                oldest = dueAt.UtcTicks;
        }, cancellationToken).ConfigureAwait(false);
        return (counts, oldest);
    }

    private static async Task<(Dictionary<QueueState, long>, long?)> CompletedAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, QueueRowKeys.CompletedCounter, cancellationToken: cancellationToken).ConfigureAwait(false);
        var n = CompletedCounter.ValueOf(row.HasValue ? row.Value : null);
        return (n == 0 ? [] : new Dictionary<QueueState, long> { [QueueState.Completed] = n }, null);
    }
}
