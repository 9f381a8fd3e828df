using Courier.Core.Runs;
using Courier.Hosting.Jobs;
using Microsoft.Extensions.Logging;

namespace Courier.Hosting.Timers;

/// <summary>
/// What a timer function does, in both hosts: one run of its job with trigger <c>timer</c> (or <c>pastdue</c> for an
/// occurrence missed while no instance was up). A job already running is skipped with a logged reason and is not a failed
/// invocation; a job not built yet is skipped likewise; a failed run throws, so the host records a failed invocation.
/// </summary>
public sealed partial class TimerFunctionRunner(IJobDispatcher dispatcher, ILogger<TimerFunctionRunner> logger)
{
    public async Task<RunResult?> RunAsync(string job, bool isPastDue, CancellationToken cancellationToken)
    {
        if (!dispatcher.IsBuilt(job))
        {
            LogSkipped(logger, job, DispatchResult.NotBuiltMessage(job));
            return null;
        }

        var trigger = isPastDue ? RunTrigger.PastDue : RunTrigger.Timer;
        var result = await dispatcher.RunAsync(job, trigger, null, cancellationToken).ConfigureAwait(false);
        var run = result.Run!;
        switch (run.Status)
        {
            case RunStatus.Completed:
                return run;
            case RunStatus.AlreadyRunning:
                LogSkipped(logger, job, $"run {run.HolderRunId ?? "?"} of the job is still in progress");
                return run;
            default:
                throw new JobRunFailedException(job, run.RunId, run.Error);
        }
    }

    [LoggerMessage(EventId = 3030, EventName = "timer_skipped", Level = LogLevel.Warning, Message = "Timer {Job} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string job, string reason);
}
