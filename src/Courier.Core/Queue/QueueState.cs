namespace Courier.Core.Queue;

/// <summary>The one state set shared by every queue; each job's API maps it to its own names.</summary>
public enum QueueState
{
    /// <summary>Waiting for its first attempt.</summary>
    Queued,

    /// <summary>Claimed under a lease by one owner.</summary>
    Processing,

    /// <summary>Waiting for a later attempt at <see cref="QueueItem.DueAt"/>.</summary>
    Retry,

    /// <summary>Done; pruned after the completed retention.</summary>
    Completed,

    /// <summary>Given up; pruned after the failed retention.</summary>
    Failed,

    /// <summary>A side effect whose outcome cannot be known: never retried blindly, reconciled or left for an operator.</summary>
    Unknown,
}
