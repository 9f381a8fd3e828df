namespace Courier.Core.Queue;

/// <summary>
/// Port: durable storage of queue items. Every write is conditional on <see cref="QueueItem.Version"/>;
/// losing a race is reported as a lost <see cref="WriteOutcome"/>, never thrown.
/// </summary>
public interface IQueueStore
{
    /// <summary>Creates the item unless one with the same queue and id exists; then returns the existing one unchanged.</summary>
    Task<EnqueueResult> AddAsync(QueueItem item, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="AddAsync"/> for many items at once (a bulk producer), written together where the store can (entity-group
    /// transactions); each item is created or answered with the existing one on its own. Results come back in input order.
    /// </summary>
    Task<IReadOnlyList<EnqueueResult>> AddManyAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken);

    Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken);

    /// <summary>Waiting items (Queued or Retry) with <c>DueAt &lt;= dueBy</c>, earliest first: a key-range read whose cost does not depend on finished items.</summary>
    Task<IReadOnlyList<QueueItem>> ListDueAsync(string queue, DateTimeOffset dueBy, int max, CancellationToken cancellationToken);

    /// <summary>Processing items whose lease ended at or before <paramref name="expiredBy"/>, oldest lease first.</summary>
    Task<IReadOnlyList<QueueItem>> ListExpiredLeasesAsync(string queue, DateTimeOffset expiredBy, int max, CancellationToken cancellationToken);

    /// <summary>Items in <paramref name="state"/> whose <see cref="QueueItem.DueAt"/> (for finished items: when they finished) is before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<QueueItem>> ListInStateAsync(string queue, QueueState state, DateTimeOffset before, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Items in <paramref name="state"/> (any but Processing) whose <see cref="QueueItem.DueAt"/> is in [<paramref name="from"/>,
    /// <paramref name="before"/>) and that <paramref name="match"/> accepts, oldest first, up to <paramref name="max"/> matches: a key-range
    /// read of that state's index rows between the two times, never a scan of other states.
    /// </summary>
    Task<IReadOnlyList<QueueItem>> FindInStateAsync(string queue, QueueState state, DateTimeOffset from, DateTimeOffset before, Func<QueueItem, bool> match, int max, CancellationToken cancellationToken);

    /// <summary>Writes each transition conditionally on its current version, grouped into transactions where the keys allow. Outcomes come back in input order.</summary>
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ItemTransition> transitions, CancellationToken cancellationToken);

    /// <summary>Deletes items conditionally on their versions (retention). Outcomes come back in input order.</summary>
    Task<IReadOnlyList<WriteOutcome>> DeleteAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken);

    /// <summary>Counts per state and the age of the oldest due item.</summary>
    Task<QueueStats> GetStatsAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken);
}
