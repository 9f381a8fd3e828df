namespace Courier.Core.Queue;

/// <summary>A transition's verdict before any write: the next value, or why the item is not in a state that allows it.</summary>
public readonly record struct TransitionResult(QueueItem? Next, string? RefusedBecause)
{
    public bool Allowed => Next is not null;

    public static TransitionResult To(QueueItem next) => new(next, null);

    public static TransitionResult Refused(string reason) => new(null, reason);
}
