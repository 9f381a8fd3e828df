namespace Courier.Core.Queue;

/// <summary>Depth of a queue per state, plus the age of its oldest due item.</summary>
public sealed record QueueStats(string Queue, IReadOnlyDictionary<QueueState, int> ByState, TimeSpan? OldestDueAge)
{
    public int Count(QueueState state) => ByState.TryGetValue(state, out var n) ? n : 0;
}
