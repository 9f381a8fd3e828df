namespace Courier.Core.Queue;

/// <summary>How a producer API shows one queue item: the job's own state name and the fields a caller can act on.</summary>
public sealed record QueueItemView(
    string Id,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Result)
{
    /// <summary>How many times an operator re-drove the item back to queued (0 when never).</summary>
    public int Redrives { get; init; }

    public static QueueItemView From(QueueItem item, QueueDefinition definition) => From(item, definition.StateNames);

    public static QueueItemView From(QueueItem item, IReadOnlyDictionary<QueueState, string> stateNames) => new(
        item.Id,
        stateNames.TryGetValue(item.State, out var name) ? name : item.State.ToString().ToUpperInvariant(),
        item.Attempts,
        item.IsWaiting ? item.DueAt : null,
        item.LastError,
        item.CreatedAt,
        item.UpdatedAt,
        item.Result)
    {
        Redrives = item.Redrives,
    };
}
