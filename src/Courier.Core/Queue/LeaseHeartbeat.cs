namespace Courier.Core.Queue;

/// <summary>
/// Keeps a long item's lease alive while it is worked on (an archive, a folder copy): beats every period on the injected
/// clock and, when a beat says the lease is lost (the item was rescued or changed by another writer), cancels
/// <see cref="Token"/> so the work stops. A beat that throws (a storage hiccup) is tried again at the next period: a lease
/// that really ran out answers false then. Dispose stops the beats before the item is acknowledged.
/// </summary>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private volatile bool _lost;

    private LeaseHeartbeat(Func<CancellationToken, Task<bool>> beat, TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
    {
        _work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The timer starts now, on the injected clock, so the first beat is one period after the start.
        _timer = new PeriodicTimer(every, time);
        _loop = Task.Run(() => LoopAsync(beat));
    }

    /// <summary>Cancelled when the lease is lost or the caller's token is cancelled: the work must stop.</summary>
    public CancellationToken Token => _work.Token;

    /// <summary>True once a beat found the lease gone.</summary>
    public bool Lost => _lost;

    /// <summary>Starts beating every <paramref name="every"/> with <paramref name="beat"/> (for example <see cref="ClaimedItem{TPayload}.HeartbeatAsync"/>).</summary>
    public static LeaseHeartbeat Start(Func<CancellationToken, Task<bool>> beat, TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beat);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        return new LeaseHeartbeat(beat, every, time, cancellationToken);
    }

    private async Task LoopAsync(Func<CancellationToken, Task<bool>> beat)
    {
        var stop = _stop.Token;
        try
        {
            while (await _timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                bool held;
                try
                {
                    held = await beat(stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    continue;
                }

                if (held) continue;
                _lost = true;
                await _work.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by DisposeAsync.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _timer.Dispose();
        _stop.Dispose();
        _work.Dispose();
    }
}
