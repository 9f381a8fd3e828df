using Azure;
using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>
/// Submits planned transactions. A unit whose condition fails (412 stale ETag, 404 gone, 409 already there) is lost;
/// the service rolls the whole transaction back and names the failing operation, so that unit is dropped and the rest resubmitted.
/// When the SDK retries a transaction whose first attempt did commit (a timeout after sending), the retry fails its condition
/// and the unit is reported lost although it landed. That errs safely: a claim reported lost is rescued when its lease expires,
/// and any other transition reported lost has still put the item where the caller wanted it.
/// </summary>
internal static class TableTransactionRunner
{
    /// <summary>Conflicts of a rider's own operation tolerated in a row before the transaction gives up.</summary>
    private const int MaxRiderConflicts = 50;

    /// <summary>Submits every batch: batches of one partition in order, partitions in parallel. Results are keyed by the unit's position in its batch.</summary>
    public static async Task<IReadOnlyList<(TableBatch<T> Batch, IReadOnlyList<UnitResult> Results)>> SubmitAllAsync<T>(TableClient table, IReadOnlyList<TableBatch<T>> batches, CancellationToken cancellationToken, ITransactionRider<T>? rider = null)
    {
        var chains = batches.GroupBy(b => b.PartitionKey, StringComparer.Ordinal).Select(async chain =>
        {
            var done = new List<(TableBatch<T>, IReadOnlyList<UnitResult>)>();
            foreach (var batch in chain) done.Add((batch, await SubmitAsync(table, batch.Units, cancellationToken, rider).ConfigureAwait(false)));
            return done;
        });
        var all = await Task.WhenAll(chains).ConfigureAwait(false);
        return all.SelectMany(x => x).ToList();
    }

    /// <summary>
    /// Submits <paramref name="units"/> (one partition) as one transaction, dropping lost units until the rest commits.
    /// A <paramref name="rider"/>'s operation, when it has one, goes last; its own lost condition retries the transaction.
    /// </summary>
    public static async Task<IReadOnlyList<UnitResult>> SubmitAsync<T>(TableClient table, IReadOnlyList<BatchUnit<T>> units, CancellationToken cancellationToken, ITransactionRider<T>? rider = null)
    {
        var results = new UnitResult?[units.Count];
        var remaining = Enumerable.Range(0, units.Count).ToList();
        var riderConflicts = 0;
        while (remaining.Count > 0)
        {
            var actions = new List<TableTransactionAction>();
            var owner = new List<int>();
            foreach (var u in remaining)
            {
                actions.AddRange(units[u].Actions);
                owner.AddRange(Enumerable.Repeat(u, units[u].Actions.Count));
            }

            var partition = units[remaining[0]].PartitionKey;
            var riding = remaining.Select(u => units[u]).ToList();
            var riderAction = rider is null ? null : await rider.ActionForAsync(partition, riding, cancellationToken).ConfigureAwait(false);
            if (riderAction is not null) actions.Add(riderAction);

            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                if (riderAction is not null) rider!.Committed(partition, riding, response.Value[^1]);
                var offset = 0;
                foreach (var u in remaining)
                {
                    var count = units[u].Actions.Count;
                    results[u] = new UnitResult(true, response.Value.Skip(offset).Take(count).ToList(), 0);
                    offset += count;
                }

                break;
            }
            catch (TableTransactionFailedException ex) when (IsLostRace(ex.Status) && riderAction is not null && ex.FailedTransactionActionIndex == owner.Count)
            {
                rider!.Conflicted(partition);
                if (++riderConflicts > MaxRiderConflicts) throw;
            }
            catch (TableTransactionFailedException ex) when (IsLostRace(ex.Status))
            {
                if (riderAction is not null && ex.FailedTransactionActionIndex is null && riderConflicts < 2)
                {
                    // Which operation failed is not known: the rider's row may be the stale one; refresh it and try once more.
                    rider!.Conflicted(partition);
                    riderConflicts++;
                }
                else if (ex.FailedTransactionActionIndex is int index && index >= 0 && index < owner.Count)
                {
                    results[owner[index]] = UnitResult.Lost(ex.Status);
                    remaining.Remove(owner[index]);
                }
                else if (remaining.Count == 1)
                {
                    results[remaining[0]] = UnitResult.Lost(ex.Status);
                    remaining.Clear();
                }
                else
                {
                    // The service did not say which operation failed: settle each unit on its own.
                    if (riderAction is not null) rider!.Conflicted(partition);
                    foreach (var u in remaining) results[u] = (await SubmitAsync(table, [units[u]], cancellationToken, rider).ConfigureAwait(false))[0];
                    remaining.Clear();
                }
            }
            catch (RequestFailedException ex) when (IsLostRace(ex.Status) && remaining.Count == 1 && actions.Count == 1 && riderAction is null)
            {
                results[remaining[0]] = UnitResult.Lost(ex.Status);
                remaining.Clear();
            }
        }

        return results.Select(r => r!).ToList();
    }

    public static bool IsLostRace(int status) => status is 404 or 409 or 412;
}
