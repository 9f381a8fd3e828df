namespace Courier.Core.Queue;

/// <summary>One unit of work in a queue, as stored. Immutable: transitions in <see cref="QueueTransitions"/> return new values.</summary>
public sealed record QueueItem
{
    /// <summary>The queue's name (for example "conversions").</summary>
    public required string Queue { get; init; }

    /// <summary>The item's key within its queue: the caller's idempotency key or the natural key.</summary>
    public required string Id { get; init; }

    public QueueState State { get; init; } = QueueState.Queued;

    /// <summary>The job's own data, as JSON text. Core never interprets it.</summary>
    public string Payload { get; init; } = "{}";

    /// <summary>How many attempts have reached an outcome (claims that were postponed or released do not count). Never reset, not even by a re-drive.</summary>
    public int Attempts { get; init; }

    /// <summary>How many times an operator re-drove the item (Failed or Unknown back to Queued, <see cref="QueueTransitions.Redrive"/>).</summary>
    public int Redrives { get; init; }

    /// <summary>The value of <see cref="Attempts"/> at the last re-drive: the retry budget counts only the attempts made since.</summary>
    public int AttemptsBeforeRedrive { get; init; }

    /// <summary>When a waiting item becomes due; for finished items, when it finished.</summary>
    public DateTimeOffset DueAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The instance or run holding the lease while <see cref="QueueState.Processing"/>.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>A fresh token per claim: a rescued item can never be completed by its old owner.</summary>
    public string? LeaseToken { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public string? LastError { get; init; }

    /// <summary>What the job recorded on completion (for example a permalink), as JSON text.</summary>
    public string? Result { get; init; }

    /// <summary>Optional grouping key used by the job (site id, page id…), so status and circuits can be shown per group.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Opaque concurrency token set by the store; every transition is conditional on it.</summary>
    public string? Version { get; init; }

    /// <summary>The attempts that count against a queue's maximum: those made since the last re-drive (all of them if never re-driven).</summary>
    public int AttemptsSinceRedrive => Attempts - AttemptsBeforeRedrive;

    public bool IsWaiting => State is QueueState.Queued or QueueState.Retry;

    public bool IsFinished => State is QueueState.Completed or QueueState.Failed;
}
