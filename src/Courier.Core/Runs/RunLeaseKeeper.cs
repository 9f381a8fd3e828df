using Microsoft.Extensions.Logging;

namespace Courier.Core.Runs;

/// <summary>
/// Keeps a held run lease alive while its run lasts: renews it every third of its duration on the injected TimeProvider.
/// <see cref="Lost"/> is cancelled when a renewal finds the lease taken over or gone, or when renewals kept failing until the
/// lease ran out. A failed renewal (storage unreachable) is retried at the next tick.
/// </summary>
internal sealed partial class RunLeaseKeeper : IDisposable
{
    private readonly IRunLeaseStore _leases;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PeriodicTimer _ticks;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private RunLease _current;
    private bool _isLost;

    public RunLeaseKeeper(IRunLeaseStore leases, RunLease held, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        _leases = leases;
        _current = held;
        _duration = duration;
        _time = time;
        _logger = logger;
        // Created before the run starts, so no tick is missed; a PeriodicTimer keeps one pending tick if the loop is busy.
        _ticks = new PeriodicTimer(duration / 3, time);
        _renewing = RenewLoopAsync();
    }

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Stops and awaits the renewal loop. Returns the lease as last renewed, or null when it was lost (nothing left to release).</summary>
    public async Task<RunLease?> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _ticks.Dispose();
        await _renewing.ConfigureAwait(false);
        return _isLost ? null : _current;
    }

    public void Dispose()
    {
        _ticks.Dispose();
        _lost.Dispose();
        _stop.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (await _ticks.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) // waits on the injected TimeProvider
            {
                RunLease? renewed;
                try
                {
                    renewed = await _leases.RenewAsync(_current, _time.GetUtcNow(), _duration, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Storage trouble is not a lost lease: try again at the next tick, unless the lease has run out meanwhile.
                    var ranOut = _time.GetUtcNow() >= _current.Until;
                    LogRenewFailed(_logger, ex, _current.Job, _current.RunId, ranOut ? "the lease ran out" : "retrying at the next tick");
                    if (!ranOut) continue;
                    renewed = null;
                }

                if (renewed is null)
                {
                    _isLost = true;
                    LogLost(_logger, _current.Job, _current.RunId, null);
                    try
                    {
                        await _lost.CancelAsync().ConfigureAwait(false);
                    }
                    catch (AggregateException ex)
                    {
                        // A cancellation callback of the job threw; the run is cancelled all the same.
                        LogLost(_logger, _current.Job, _current.RunId, ex);
                    }

                    return;
                }

                _current = renewed;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the runner at the end of the run.
        }
    }

    [LoggerMessage(EventId = 1006, EventName = "run_lease_renew_failed", Level = LogLevel.Warning, Message = "Could not renew the run lease of run {RunId} of {Job}: {Next}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string job, string runId, string next);

    [LoggerMessage(EventId = 1007, EventName = "run_lease_lost", Level = LogLevel.Warning, Message = "Run {RunId} of {Job} lost its run lease; the run is cancelled")]
    private static partial void LogLost(ILogger logger, string job, string runId, Exception? exception);
}
