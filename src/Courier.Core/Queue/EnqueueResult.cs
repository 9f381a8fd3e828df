namespace Courier.Core.Queue;

/// <summary>What an enqueue did: created the item, or found it already there (idempotent on the key).</summary>
public sealed record EnqueueResult(QueueItem Item, bool Created);
