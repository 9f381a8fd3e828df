namespace Courier.Core.Queue;

/// <summary>The result of one conditional write: applied (with the stored value) or lost to a concurrent writer.</summary>
public sealed record WriteOutcome(bool Applied, QueueItem Item, string? Reason = null)
{
    public static WriteOutcome Won(QueueItem stored) => new(true, stored);

    public static WriteOutcome Lost(QueueItem attempted, string reason) => new(false, attempted, reason);
}
