using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>Operations that must commit together (one item's rows), tagged with what the caller needs to map the outcome back.</summary>
internal sealed record BatchUnit<T>(T Tag, IReadOnlyList<TableTransactionAction> Actions)
{
    public string PartitionKey => Actions[0].Entity.PartitionKey;
}
