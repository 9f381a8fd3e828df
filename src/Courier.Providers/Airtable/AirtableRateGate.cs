using System.Collections.Concurrent;

namespace Courier.Providers.Airtable;

/// <summary>
/// Paces requests per base: at most N in any window (a sliding window on the injected clock), and none while a 429's wait runs.
/// Airtable's limit is shared by every client of a base, so this is a courtesy that keeps Courier's own calls under it.
/// </summary>
internal sealed class AirtableRateGate(TimeProvider time, int limit, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, BaseWindow> bases = new(StringComparer.Ordinal);

    /// <summary>Waits until a request to <paramref name="baseId"/> fits, then counts it.</summary>
    public async Task WaitAsync(string baseId, CancellationToken cancellationToken)
    {
        var state = bases.GetOrAdd(baseId, _ => new BaseWindow());
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                if (state.BlockedUntil > now)
                {
                    await Task.Delay(state.BlockedUntil - now, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                while (state.Recent.Count > 0 && state.Recent.Peek() <= now - window)
                {
                    state.Recent.Dequeue();
                }

                if (state.Recent.Count < limit)
                {
                    state.Recent.Enqueue(now);
                    return;
                }

                await Task.Delay(state.Recent.Peek() + window - now, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>After a 429: no request to the base until the wait is over.</summary>
    public void Block(string baseId, TimeSpan wait) => bases.GetOrAdd(baseId, _ => new BaseWindow()).BlockedUntil = time.GetUtcNow() + wait;

    private sealed class BaseWindow
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Queue<DateTimeOffset> Recent { get; } = new();

        private long blockedUntilTicks;

        /// <summary>Read and written atomically: a 429 on one call blocks the base for the calls waiting on others.</summary>
        public DateTimeOffset BlockedUntil
        {
            get => new(Interlocked.Read(ref blockedUntilTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref blockedUntilTicks, value.UtcTicks);
        }
    }
}
