using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>One planned entity-group transaction: units of a single partition within the operation and size limits.</summary>
internal sealed class TableBatch<T>
{
    private readonly List<BatchUnit<T>> _units = [];
    private readonly HashSet<string> _rowKeys = new(StringComparer.Ordinal);

    public TableBatch(string partitionKey) => PartitionKey = partitionKey;

    public string PartitionKey { get; }

    public IReadOnlyList<BatchUnit<T>> Units => _units;

    public int OperationCount { get; private set; }

    public long EstimatedBytes { get; private set; }

    internal bool Touches(string rowKey) => _rowKeys.Contains(rowKey);

    internal void Add(BatchUnit<T> unit, long bytes)
    {
        _units.Add(unit);
        foreach (var action in unit.Actions) _rowKeys.Add(action.Entity.RowKey);
        OperationCount += unit.Actions.Count;
        EstimatedBytes += bytes;
    }
}
