using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Courier.Storage.Tables;

namespace Courier.Storage.Queue;

/// <summary>
/// The count of completed items per queue partition, kept exact in the row <see cref="QueueRowKeys.CompletedCounter"/>: each
/// transaction that completes or deletes completed items carries one conditional write of the counter (one per up to 49
/// items), so the status page counts completed items with one read per partition however long the history.
/// The last value and ETag seen are cached per partition; a concurrent writer's change is noticed by the lost condition,
/// which re-reads the row and retries the transaction (<see cref="TableTransactionRunner"/>).
/// </summary>
internal sealed class CompletedCounter(Func<CancellationToken, Task<TableClient>> table)
{
    public const string ValueColumn = "n";

    private readonly ConcurrentDictionary<string, (ETag ETag, long Value)?> _known = new(StringComparer.Ordinal);

    /// <summary>A rider for one write call whose unit tags map to how each changes the count (+1 completes, −1 deletes a completed item).</summary>
    public ITransactionRider<int> Rider(Func<int, int> deltaOfTag) => new CountingRider(this, deltaOfTag);

    /// <summary>The stored count of one partition (0 when no item of it ever completed).</summary>
    public static long ValueOf(TableEntity? row) => row is null ? 0 : Math.Max(0, TableValues.Long(row, ValueColumn) ?? 0);

    private async Task<(ETag, long)?> ReadAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var client = await table(cancellationToken).ConfigureAwait(false);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, QueueRowKeys.CompletedCounter, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? (response.Value!.ETag, ValueOf(response.Value)) : null;
    }

    private sealed class CountingRider(CompletedCounter counter, Func<int, int> deltaOfTag) : ITransactionRider<int>
    {
        private readonly ConcurrentDictionary<string, long> _written = new(StringComparer.Ordinal);

        public async Task<TableTransactionAction?> ActionForAsync(string partitionKey, IReadOnlyList<BatchUnit<int>> units, CancellationToken cancellationToken)
        {
            var delta = units.Sum(u => deltaOfTag(u.Tag));
            if (delta == 0) return null;
            if (!counter._known.TryGetValue(partitionKey, out var known))
            {
                known = await counter.ReadAsync(partitionKey, cancellationToken).ConfigureAwait(false);
                counter._known[partitionKey] = known;
            }

            var value = Math.Max(0, (known?.Value ?? 0) + delta);
            _written[partitionKey] = value;
            var entity = new TableEntity(partitionKey, QueueRowKeys.CompletedCounter) { [ValueColumn] = value };
            return known is { } row
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, row.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity);
        }

        public void Committed(string partitionKey, IReadOnlyList<BatchUnit<int>> units, Response response)
        {
            if (response.Headers.ETag is { } etag && _written.TryGetValue(partitionKey, out var value)) counter._known[partitionKey] = (etag, value);
            else counter._known.TryRemove(partitionKey, out _);
        }

        public void Conflicted(string partitionKey) => counter._known.TryRemove(partitionKey, out _);
    }
}
