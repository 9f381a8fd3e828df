using Courier.Core.Scheduling;
using Microsoft.Extensions.Logging;

namespace Courier.Standalone.Scheduling;

/// <summary>
/// A held listener lock with its renewal loop: renewed at half its period, sooner after a failed attempt.
/// <see cref="Token"/> is cancelled when the lock is lost, which aborts the run it guards.
/// </summary>
public sealed partial class TimerLockSession : IAsyncDisposable
{
    private readonly TimerLock _held;
    private readonly ITimerLockStore _locks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewing;

    public TimerLockSession(TimerLock held, ITimerLockStore locks, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        _held = held;
        _locks = locks;
        _time = time;
        _logger = logger;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _renewing = RenewLoopAsync();
    }

    /// <summary>Cancelled when the lock is lost or the host stops.</summary>
    public CancellationToken Token => _lost.Token;

    public bool Lost { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stopRenewing.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        if (!Lost)
        {
            try
            {
                await _locks.ReleaseAsync(_held, CancellationToken.None).ConfigureAwait(false);
                LogReleased(_logger, _held.Timer);
            }
            catch (Exception ex)
            {
                // The lease expires on its own; another instance takes over a little later.
                LogReleaseFailed(_logger, ex, _held.Timer);
            }
        }

        _lost.Dispose();
        _stopRenewing.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        var period = _held.Duration / 2;
        var lastRenewed = _time.GetUtcNow();
        var wait = period;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopRenewing.Token, _lost.Token);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, _time, stop.Token).ConfigureAwait(false); // on the injected TimeProvider
            }
            catch (OperationCanceledException)
            {
                return;
            }

            bool renewed;
            try
            {
                renewed = await _locks.RenewAsync(_held, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Outcome unknown: keep trying, faster, until the lease would have run out.
                LogRenewFailed(_logger, ex, _held.Timer);
                if (_time.GetUtcNow() - lastRenewed < _held.Duration)
                {
                    wait = TimeSpan.FromTicks(Math.Max(period.Ticks / 4, TimeSpan.FromSeconds(1).Ticks));
                    continue;
                }

                renewed = false;
            }

            if (!renewed)
            {
                Lost = true;
                LogLost(_logger, _held.Timer);
                await _lost.CancelAsync().ConfigureAwait(false);
                return;
            }

            lastRenewed = _time.GetUtcNow();
            wait = period;
        }
    }

    [LoggerMessage(EventId = 3010, EventName = "timer_lock_lost", Level = LogLevel.Warning, Message = "Lost the listener lease of {Timer}; its run is aborted")]
    private static partial void LogLost(ILogger logger, string timer);

    [LoggerMessage(EventId = 3011, EventName = "timer_lock_renew_failed", Level = LogLevel.Warning, Message = "Could not renew the listener lease of {Timer}; retrying")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string timer);

    [LoggerMessage(EventId = 3012, EventName = "timer_lock_released", Level = LogLevel.Information, Message = "Released the listener lease of {Timer}")]
    private static partial void LogReleased(ILogger logger, string timer);

    [LoggerMessage(EventId = 3013, EventName = "timer_lock_release_failed", Level = LogLevel.Warning, Message = "Could not release the listener lease of {Timer}; it will expire")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string timer);
}
