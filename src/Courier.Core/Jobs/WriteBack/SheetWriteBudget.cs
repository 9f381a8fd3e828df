namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// Google's 60 write requests per minute per user, kept per credential site within this process: a sheet whose writes would
/// exceed what the last minute leaves waits for a later run instead of meeting a 429. One per process (runs come and go); thread-safe.
/// </summary>
public sealed class SheetWriteBudget(int writesPerMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _writes = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="writes"/> requests for <paramref name="site"/> if the last minute leaves room; false (nothing taken) otherwise.</summary>
    public bool TryTake(string site, int writes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(writes);
        var now = time.GetUtcNow();
        lock (_writes)
        {
            if (!_writes.TryGetValue(site, out var sent)) _writes[site] = sent = new Queue<DateTimeOffset>();
            while (sent.Count > 0 && sent.Peek() <= now - Window) sent.Dequeue();
            // A sheet needing more than a whole minute's writes still goes when the minute is empty, or it would wait for ever.
            if (sent.Count > 0 && sent.Count + writes > writesPerMinute) return false;
            for (var i = 0; i < writes; i++) sent.Enqueue(now);
            return true;
        }
    }
}
