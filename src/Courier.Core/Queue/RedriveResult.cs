namespace Courier.Core.Queue;

/// <summary>What a re-drive did: items that matched (at most the filter's limit), moved back to queued, and lost to a concurrent writer.</summary>
/// <param name="Matched">Items read that match the filter; on a dry run, the whole answer.</param>
/// <param name="Moved">Items this call moved back to Queued.</param>
/// <param name="Lost">Matched items another writer changed first (another re-drive, pruning): not moved by this call, and not an error.</param>
public sealed record RedriveResult(int Matched, int Moved, int Lost);
