using Courier.Core.Queue;

namespace Courier.TestUtils.Factories;

/// <summary>Builds queue items whose defaults fit each state, relative to the given clock's now; for storing directly with <see cref="IQueueStore.AddAsync"/>.</summary>
public sealed class QueueItemFactory(TimeProvider time, string queue = "q")
{
    public string Queue => queue;

    public static string NewId() => "item-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Waiting for its first attempt; due now unless <paramref name="dueAt"/> says otherwise.</summary>
    public QueueItem Queued(string? id = null, DateTimeOffset? dueAt = null, string payload = "{\"n\":1}", string? groupKey = null) =>
        Base(id) with { State = QueueState.Queued, DueAt = dueAt ?? Now, Payload = payload, GroupKey = groupKey };

    /// <summary>Failed once and waiting for another attempt at <paramref name="dueAt"/> (default now).</summary>
    public QueueItem Retry(string? id = null, DateTimeOffset? dueAt = null, int attempts = 1, string lastError = "http_503: service unavailable") =>
        Base(id) with { State = QueueState.Retry, DueAt = dueAt ?? Now, Attempts = attempts, LastError = lastError };

    /// <summary>
    /// Claimed by <paramref name="owner"/> with a lease ending at <paramref name="leaseUntil"/> (default in five minutes). As
    /// after a real claim, it was due before its lease began (a claim never takes an item before it is due).
    /// </summary>
    public QueueItem Processing(string? id = null, DateTimeOffset? leaseUntil = null, string owner = "run-1", string? leaseToken = null, int attempts = 0) =>
        Base(id, Min(Now, leaseUntil ?? Now) - TimeSpan.FromMinutes(1)) with
        {
            State = QueueState.Processing,
            DueAt = Min(Now, leaseUntil ?? Now) - TimeSpan.FromMinutes(6),
            LeaseOwner = owner,
            LeaseToken = leaseToken ?? Guid.NewGuid().ToString("N"),
            LeaseUntil = leaseUntil ?? Now + TimeSpan.FromMinutes(5),
            Attempts = attempts,
        };

    /// <summary>Done at <paramref name="finishedAt"/> (default now).</summary>
    public QueueItem Completed(string? id = null, DateTimeOffset? finishedAt = null, string? result = "{\"ok\":true}", int attempts = 1) =>
        Base(id, finishedAt) with { State = QueueState.Completed, DueAt = finishedAt ?? Now, Result = result, Attempts = attempts };

    /// <summary>Given up at <paramref name="finishedAt"/> (default now).</summary>
    public QueueItem Failed(string? id = null, DateTimeOffset? finishedAt = null, string lastError = "INVALID_ARGUMENT: rejected", int attempts = 1, string? groupKey = null) =>
        Base(id, finishedAt) with { State = QueueState.Failed, DueAt = finishedAt ?? Now, LastError = lastError, Attempts = attempts, GroupKey = groupKey };

    /// <summary>Outcome unknown since <paramref name="since"/> (default now).</summary>
    public QueueItem Unknown(string? id = null, DateTimeOffset? since = null, string lastError = "TIMEOUT: no answer after sending", int attempts = 1, string? groupKey = null) =>
        Base(id, since) with { State = QueueState.Unknown, DueAt = since ?? Now, LastError = lastError, Attempts = attempts, GroupKey = groupKey };

    /// <summary>An item of <paramref name="state"/> with that state's defaults.</summary>
    public QueueItem InState(QueueState state, string? id = null) => state switch
    {
        QueueState.Queued => Queued(id),
        QueueState.Retry => Retry(id),
        QueueState.Processing => Processing(id),
        QueueState.Completed => Completed(id),
        QueueState.Failed => Failed(id),
        QueueState.Unknown => Unknown(id),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Created ten minutes before now, or before <paramref name="until"/> when that is earlier: an item exists before it finishes.</summary>
    private QueueItem Base(string? id, DateTimeOffset? until = null) => new()
    {
        Queue = queue,
        Id = id ?? NewId(),
        CreatedAt = Min(Now, until ?? Now) - TimeSpan.FromMinutes(10),
        UpdatedAt = Now,
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
