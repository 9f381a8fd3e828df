using Azure;
using Azure.Data.Tables;
using Courier.Core.Queue;

namespace Courier.Storage.Queue;

/// <summary>
/// The first rows of one RowKey range over every shard of a queue, in key order, reading each shard page by page only as far
/// as the merged answer needs: a claim of n items over s shards reads about n rows (pages of n ÷ s plus a small margin),
/// not n from each shard. A shard is read further only while its last row read sorts before the n-th row kept so far.
/// </summary>
internal static class ShardedRangeRead
{
    public static async Task<List<QueueItem>> FirstAsync(TableClient table, IReadOnlyList<string> filters, int max, Func<TableEntity, QueueItem?> select, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var pageSize = Tables.TablePaging.PageSizeFor((max / filters.Count) + Math.Max(1, max / (20 * filters.Count)) + 1);
        var shards = filters.Select(f => new Shard(table.QueryAsync<TableEntity>(f, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken))).ToList();
        try
        {
            var pending = shards;
            while (pending.Count > 0)
            {
                await Task.WhenAll(pending.Select(s => s.ReadPageAsync(select))).ConfigureAwait(false);
                var kept = shards.SelectMany(s => s.Kept).OrderBy(k => k.RowKey, StringComparer.Ordinal).ToList();
                var cutoff = kept.Count >= max ? kept[max - 1].RowKey : null;
                pending = shards.Where(s => !s.Exhausted && (cutoff is null || s.LastRowKey is null || string.CompareOrdinal(s.LastRowKey, cutoff) < 0)).ToList();
            }

            return shards.SelectMany(s => s.Kept).OrderBy(k => k.RowKey, StringComparer.Ordinal).Take(max).Select(k => k.Item).ToList();
        }
        finally
        {
            foreach (var shard in shards) await shard.Pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Shard(IAsyncEnumerator<Page<TableEntity>> pages)
    {
        public IAsyncEnumerator<Page<TableEntity>> Pages => pages;

        public List<(string RowKey, QueueItem Item)> Kept { get; } = [];

        public string? LastRowKey { get; private set; }

        public bool Exhausted { get; private set; }

        public async Task ReadPageAsync(Func<TableEntity, QueueItem?> select)
        {
            if (!await pages.MoveNextAsync().ConfigureAwait(false))
            {
                Exhausted = true;
                return;
            }

            foreach (var row in pages.Current.Values)
            {
                LastRowKey = row.RowKey;
                if (select(row) is { } item) Kept.Add((row.RowKey, item));
            }

            // A page without a continuation token is the shard's last (an empty page with one is not).
            if (pages.Current.ContinuationToken is null) Exhausted = true;
        }
    }
}
