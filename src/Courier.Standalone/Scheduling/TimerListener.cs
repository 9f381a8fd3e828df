using Courier.Core.Runs;
using Courier.Core.Scheduling;
using Courier.Hosting.Jobs;
using Courier.Hosting.Timers;
using Microsoft.Extensions.Logging;

namespace Courier.Standalone.Scheduling;

/// <summary>
/// Fires one timer standalone with the Functions host's semantics: only the holder of the timer's listener
/// lease fires it; each occurrence is claimed in the schedule monitor with a conditional write before it runs;
/// the next occurrence is armed after the run ends (occurrences missed mid-run are skipped); an occurrence
/// missed while no instance held the lease runs once, as past due, when the lease is taken.
/// </summary>
public sealed partial class TimerListener(
    string timer,
    string job,
    CronSchedule schedule,
    SchedulerSettings settings,
    ITimerLockStore locks,
    IScheduleMonitor monitor,
    IJobDispatcher dispatcher,
    TimeProvider time,
    ILogger logger)
{
    public string Timer => timer;

    /// <summary>Competes for the lease and fires the timer while holding it, until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TimerLock? held = null;
            try
            {
                held = await locks.TryAcquireAsync(settings.HostId, timer, settings.Owner, settings.LeaseDuration, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogAcquireFailed(logger, ex, timer);
            }

            if (held is null)
            {
                if (!await DelayAsync(settings.AcquireRetryInterval, stopping).ConfigureAwait(false)) return;
                continue;
            }

            LogAcquired(logger, timer, settings.Owner);
            var session = new TimerLockSession(held, locks, time, logger, stopping);
            await using (session.ConfigureAwait(false))
            {
                try
                {
                    await FireWhileHeldAsync(session.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (session.Token.IsCancellationRequested)
                {
                    // Lease lost or host stopping: the session's owner decides what comes next.
                }
                catch (Exception ex)
                {
                    // A storage error: give the lease up and compete again, rather than hold a timer we cannot fire.
                    LogLoopFailed(logger, ex, timer);
                }
            }

            if (!stopping.IsCancellationRequested && !await DelayAsync(settings.AcquireRetryInterval, stopping).ConfigureAwait(false)) return;
        }
    }

    private async Task FireWhileHeldAsync(CancellationToken held)
    {
        // Past due means missed before this instance held the lease: judged at the time the lease was taken, so a row this
        // load has just created or re-armed, or an occurrence that comes due while loading, fires on time as Timer.
        var now = time.GetUtcNow();
        var status = await LoadAsync(held).ConfigureAwait(false);
        if (status.Next < now)
        {
            // Missed while no instance held the lease: run it once, late.
            status = await ClaimAndRunAsync(status, status.Next, RunTrigger.PastDue, held).ConfigureAwait(false);
        }

        while (!held.IsCancellationRequested)
        {
            LogArmed(logger, timer, status.Next);
            var wait = status.Next - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, held).ConfigureAwait(false); // on the injected TimeProvider
            status = await ClaimAndRunAsync(status, status.Next, RunTrigger.Timer, held).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the monitor row, creating it (or re-arming it after a schedule change) when needed.</summary>
    private async Task<ScheduleStatus> LoadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var status = await monitor.GetAsync(settings.HostId, timer, cancellationToken).ConfigureAwait(false);
            var next = schedule.NextAfter(now);
            if (status is not null && status.Next <= next) return status;

            // New timer, or a schedule that now fires sooner than the stored next occurrence.
            var fresh = new ScheduleStatus(status?.Last, next, now) { Version = status?.Version };
            if (await monitor.TryWriteAsync(settings.HostId, timer, fresh, cancellationToken).ConfigureAwait(false))
                return await monitor.GetAsync(settings.HostId, timer, cancellationToken).ConfigureAwait(false) ?? fresh;
        }
    }

    /// <summary>Claims <paramref name="occurrence"/> with a conditional write, runs it, and returns the status to wait on next.</summary>
    private async Task<ScheduleStatus> ClaimAndRunAsync(ScheduleStatus status, DateTimeOffset occurrence, RunTrigger trigger, CancellationToken held)
    {
        var now = time.GetUtcNow();
        // Last is what Next is computed from, as the host writes it (the invocation time, never before the occurrence):
        // a host starting on this storage checks Next == next after Last, and otherwise takes the row for a schedule
        // change and re-arms it from now, skipping an occurrence missed since (or, in older hosts, running one again).
        var ranAt = now > occurrence ? now : occurrence;
        var claim = new ScheduleStatus(ranAt, schedule.NextAfter(ranAt), now) { Version = status.Version };
        if (!await monitor.TryWriteAsync(settings.HostId, timer, claim, held).ConfigureAwait(false))
        {
            // Another instance claimed it (a lease hand-over in flight): follow the stored row.
            LogClaimLost(logger, timer, occurrence);
            return await LoadAsync(held).ConfigureAwait(false);
        }

        LogFiring(logger, timer, occurrence, trigger);
        var result = await dispatcher.RunAsync(job, trigger, null, held).ConfigureAwait(false);
        if (result.Run is { Status: RunStatus.AlreadyRunning } refused) LogSkippedBusy(logger, timer, refused.HolderRunId ?? "?");

        var after = await monitor.GetAsync(settings.HostId, timer, held).ConfigureAwait(false) ?? claim;
        now = time.GetUtcNow();
        if (after.Next >= now) return after;

        // The run outlasted the next occurrence: skip what was missed, as the host does, and arm the following one.
        var skipped = after with { Last = now, Next = schedule.NextAfter(now), LastUpdated = now };
        LogSkippedOverrun(logger, timer, after.Next);
        return await monitor.TryWriteAsync(settings.HostId, timer, skipped, held).ConfigureAwait(false)
            ? await monitor.GetAsync(settings.HostId, timer, held).ConfigureAwait(false) ?? skipped
            : await LoadAsync(held).ConfigureAwait(false);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false); // on the injected TimeProvider
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 3000, EventName = "timer_lock_acquired", Level = LogLevel.Information, Message = "{Owner} holds the listener lease of {Timer}")]
    private static partial void LogAcquired(ILogger logger, string timer, string owner);

    [LoggerMessage(EventId = 3001, EventName = "timer_lock_acquire_failed", Level = LogLevel.Warning, Message = "Could not try the listener lease of {Timer}")]
    private static partial void LogAcquireFailed(ILogger logger, Exception exception, string timer);

    [LoggerMessage(EventId = 3002, EventName = "timer_firing", Level = LogLevel.Information, Message = "Firing {Timer} for {Occurrence:O} ({Trigger})")]
    private static partial void LogFiring(ILogger logger, string timer, DateTimeOffset occurrence, RunTrigger trigger);

    [LoggerMessage(EventId = 3003, EventName = "timer_claim_lost", Level = LogLevel.Information, Message = "Occurrence {Occurrence:O} of {Timer} was claimed by another instance")]
    private static partial void LogClaimLost(ILogger logger, string timer, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3004, EventName = "timer_skipped_overrun", Level = LogLevel.Warning, Message = "{Timer} skipped occurrences from {Missed:O}: the previous run was still running")]
    private static partial void LogSkippedOverrun(ILogger logger, string timer, DateTimeOffset missed);

    [LoggerMessage(EventId = 3005, EventName = "timer_skipped_busy", Level = LogLevel.Information, Message = "{Timer} did not run: run {Holder} of its job is in progress")]
    private static partial void LogSkippedBusy(ILogger logger, string timer, string holder);

    [LoggerMessage(EventId = 3007, EventName = "timer_armed", Level = LogLevel.Debug, Message = "{Timer} next fires at {Next:O}")]
    private static partial void LogArmed(ILogger logger, string timer, DateTimeOffset next);

    [LoggerMessage(EventId = 3006, EventName = "timer_loop_failed", Level = LogLevel.Error, Message = "The scheduler loop of {Timer} failed; competing for its lease again")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string timer);
}
