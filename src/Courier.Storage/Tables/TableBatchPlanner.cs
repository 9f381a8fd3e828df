namespace Courier.Storage.Tables;

/// <summary>
/// Groups units of work into entity-group transactions the service accepts: one partition, at most 100 operations,
/// each row at most once, and a body under 4 MiB. Checked here because neither the SDK nor Azurite checks them.
/// </summary>
internal static class TableBatchPlanner
{
    public const int MaxOperations = 100;

    /// <summary>The service's limit is 4 MiB; the estimate is an upper bound, and the margin covers the batch envelope.</summary>
    public const long MaxPayloadBytes = (4L * 1024 * 1024) - (64 * 1024);

    /// <summary>
    /// Plans transactions for <paramref name="units"/>. Units keep their relative order within a partition, so the batches
    /// of one partition must be submitted in the order returned; batches of different partitions are independent.
    /// </summary>
    public static IReadOnlyList<TableBatch<T>> Plan<T>(IEnumerable<BatchUnit<T>> units, int maxOperations = MaxOperations, long maxPayloadBytes = MaxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(units);
        var batches = new List<TableBatch<T>>();
        var open = new Dictionary<string, TableBatch<T>>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var bytes = Validate(unit, maxOperations, maxPayloadBytes);
            var pk = unit.PartitionKey;
            if (!open.TryGetValue(pk, out var batch) || !Fits(batch, unit, bytes, maxOperations, maxPayloadBytes))
            {
                batch = new TableBatch<T>(pk);
                open[pk] = batch;
                batches.Add(batch);
            }

            batch.Add(unit, bytes);
        }

        return batches;
    }

    private static bool Fits<T>(TableBatch<T> batch, BatchUnit<T> unit, long bytes, int maxOperations, long maxPayloadBytes) =>
        batch.OperationCount + unit.Actions.Count <= maxOperations
        && batch.EstimatedBytes + bytes <= maxPayloadBytes
        // The same row twice in one transaction is refused (InvalidDuplicateRow): a later change of a row waits for the next batch.
        && !unit.Actions.Any(a => batch.Touches(a.Entity.RowKey));

    private static long Validate<T>(BatchUnit<T> unit, int maxOperations, long maxPayloadBytes)
    {
        if (unit.Actions.Count == 0) throw new ArgumentException("a batch unit needs at least one operation");
        if (unit.Actions.Count > maxOperations) throw new ArgumentException($"a unit of {unit.Actions.Count} operations cannot fit in one transaction of at most {maxOperations}");
        var pk = unit.PartitionKey;
        if (unit.Actions.Any(a => !string.Equals(a.Entity.PartitionKey, pk, StringComparison.Ordinal)))
            throw new ArgumentException("the operations of one unit must share a partition key");
        if (unit.Actions.Select(a => a.Entity.RowKey).Distinct(StringComparer.Ordinal).Count() != unit.Actions.Count)
            throw new ArgumentException("a unit may touch each row only once");
        var bytes = unit.Actions.Sum(EntitySize.TransactionBytes);
        if (bytes > maxPayloadBytes) throw new ArgumentException($"a unit of about {bytes} bytes cannot fit in one transaction of at most {maxPayloadBytes} bytes");
        return bytes;
    }
}
