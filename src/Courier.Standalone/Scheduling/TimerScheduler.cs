using Courier.Core.Scheduling;
using Courier.Hosting.Catalog;
using Courier.Hosting.Timers;
using Courier.Hosting.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Courier.Standalone.Scheduling;

/// <summary>
/// Standalone mode's scheduler: one <see cref="TimerListener"/> per enabled timer whose job is built.
/// Not registered under the Functions host, which fires the timers itself.
/// </summary>
public sealed partial class TimerScheduler(
    SchedulerSettings settings,
    FunctionSettings functions,
    ITimerLockStore locks,
    IScheduleMonitor monitor,
    IJobDispatcher dispatcher,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<TimerScheduler>();

    /// <summary>The listeners this instance runs (one per enabled, built timer), once started.</summary>
    public IReadOnlyList<TimerListener> Listeners { get; private set; } = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listeners = new List<TimerListener>();
        var listenerLogger = loggers.CreateLogger<TimerListener>();
        foreach (var timer in JobCatalog.Timers)
        {
            if (functions.IsDisabled(timer.Name))
            {
                LogNotScheduled(_logger, timer.Name, "disabled by AzureWebJobs." + timer.Name + ".Disabled");
                continue;
            }

            if (!dispatcher.IsBuilt(timer.Job!))
            {
                LogNotScheduled(_logger, timer.Name, "its job is not built yet");
                continue;
            }

            var schedule = CronSchedule.Parse(functions.ScheduleOf(timer), settings.Zone);
            listeners.Add(new TimerListener(timer.Name, timer.Job!, schedule, settings, locks, monitor, dispatcher, time, listenerLogger));
            LogScheduled(_logger, timer.Name, schedule.Expression, settings.Zone.Id);
        }

        Listeners = listeners;
        return Task.WhenAll(listeners.Select(l => Task.Run(() => l.RunAsync(stoppingToken), CancellationToken.None)));
    }

    [LoggerMessage(EventId = 3020, EventName = "timer_scheduled", Level = LogLevel.Information, Message = "Scheduling {Timer} at '{Schedule}' ({Zone})")]
    private static partial void LogScheduled(ILogger logger, string timer, string schedule, string zone);

    [LoggerMessage(EventId = 3021, EventName = "timer_not_scheduled", Level = LogLevel.Information, Message = "Not scheduling {Timer}: {Reason}")]
    private static partial void LogNotScheduled(ILogger logger, string timer, string reason);
}
