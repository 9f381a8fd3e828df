using Azure;
using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>
/// One more operation that rides along with a transaction and depends on which of its units commit (a counter row kept
/// exact with the rows it counts). Asked again before every attempt; when the service names the rider's own operation as
/// the one that failed (a concurrent writer moved the counter), the rider is told and the transaction is tried again.
/// </summary>
internal interface ITransactionRider<T>
{
    /// <summary>The operation to add for these units (all of one partition), or null when they need none.</summary>
    Task<TableTransactionAction?> ActionForAsync(string partitionKey, IReadOnlyList<BatchUnit<T>> units, CancellationToken cancellationToken);

    /// <summary>The rider's operation committed with these units.</summary>
    void Committed(string partitionKey, IReadOnlyList<BatchUnit<T>> units, Response response);

    /// <summary>The rider's operation lost its condition: what it knew of its row is stale.</summary>
    void Conflicted(string partitionKey);
}
