namespace Courier.Core.Queue;

/// <summary>An item this run holds under a lease, with its payload already read; what a drain handler works on.</summary>
public sealed class ClaimedItem<TPayload>
{
    private readonly WorkQueue _queue;
    private readonly TimeSpan _leaseFor;
    private QueueItem _item;

    internal ClaimedItem(QueueItem item, TPayload payload, WorkQueue queue, TimeSpan leaseFor)
    {
        _item = item;
        Payload = payload;
        _queue = queue;
        _leaseFor = leaseFor;
    }

    /// <summary>The item as last written by this run (a heartbeat changes its version; the acknowledgement uses the latest).</summary>
    public QueueItem Item => Volatile.Read(ref _item);

    public TPayload Payload { get; }

    public string Id => Item.Id;

    /// <summary>The number of this attempt: 1 for the first.</summary>
    public int Attempt => Item.Attempts + 1;

    /// <summary>
    /// True when an earlier claim may have acted on the item without recording it: a counted attempt (a rescued lease counts),
    /// or a call interrupted by a stopping run (<see cref="QueueErrorCodes.Interrupted"/>). A job whose side effect is not
    /// idempotent looks for it before acting again.
    /// </summary>
    public bool MayHaveActedBefore =>
        Attempt > 1 || Item.LastError?.StartsWith(QueueErrorCodes.Interrupted + ":", StringComparison.Ordinal) == true;

    /// <summary>Extends the lease of a long item (folder copy, archive). False when the lease was lost: stop working on the item.</summary>
    public async Task<bool> HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await _queue.HeartbeatAsync(Item, _leaseFor, cancellationToken).ConfigureAwait(false);
        if (outcome.Applied) Volatile.Write(ref _item, outcome.Item);
        return outcome.Applied;
    }
}
