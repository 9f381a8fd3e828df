using System.Globalization;
using Courier.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Runs;

/// <summary>
/// Runs a job the same way for every trigger: takes the per-job run lease, records the run, gives the job a
/// time budget, and records the outcome. A second run while one holds the lease is refused, not queued.
/// </summary>
public sealed partial class JobRunner(IRunStore runs, IRunLeaseStore leases, TimeProvider time, JobRunnerOptions options, ILogger<JobRunner> logger)
{
    private readonly TimeSpan _budget = options.RunBudget;
    private readonly TimeSpan _reserve = options.ClaimReserve;
    private readonly string _instance = options.InstanceId;

    public string InstanceId => _instance;

    public async Task<RunResult> RunAsync(IJob job, RunTrigger trigger, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        var startedAt = time.GetUtcNow();
        var runId = NewRunId(startedAt);
        // The lease outlives the budget by a minute, so a crashed run frees the job on its own.
        var (lease, holder) = await leases.TryAcquireAsync(job.Name, runId, startedAt, _budget + TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LogAlreadyRunning(logger, job.Name, holder ?? "?");
            return new RunResult(RunStatus.AlreadyRunning, runId, null, "run_in_progress") { HolderRunId = holder };
        }

        var record = new RunRecord { RunId = runId, Job = job.Name, Trigger = trigger, Instance = _instance, StartedAt = startedAt };
        try
        {
            await runs.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            LogStarted(logger, job.Name, runId, trigger);
            var context = new JobRunContext(runId, trigger, new RunBudget(time, startedAt, _budget, _reserve), parameters ?? new Dictionary<string, string>());
            var report = await job.RunAsync(context, cancellationToken).ConfigureAwait(false);
            var finished = record with { FinishedAt = time.GetUtcNow(), Outcome = RunOutcome.Succeeded, Counts = report.Counts };
            await runs.SaveAsync(finished, CancellationToken.None).ConfigureAwait(false);
            LogFinished(logger, job.Name, runId, (finished.FinishedAt.Value - startedAt).TotalMilliseconds, string.Join(", ", report.Counts.Select(c => $"{c.Key}={c.Value}")));
            return new RunResult(RunStatus.Completed, runId, report, null);
        }
        catch (Exception ex)
        {
            var aborted = ex is OperationCanceledException;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            LogFailed(logger, ex, job.Name, runId, aborted ? "aborted" : "failed");
            await TrySaveAsync(record with { FinishedAt = time.GetUtcNow(), Outcome = aborted ? RunOutcome.Aborted : RunOutcome.Failed, Error = error }).ConfigureAwait(false);
            return new RunResult(RunStatus.Failed, runId, null, error);
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task TrySaveAsync(RunRecord record)
    {
        try
        {
            await runs.SaveAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The run's own failure is what matters; a failed bookkeeping write is logged, not rethrown.
            LogRecordFailed(logger, ex, record.Job, record.RunId);
        }
    }

    /// <summary>Run ids sort by start time, so recent runs read back in order.</summary>
    private static string NewRunId(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    [LoggerMessage(EventId = 1000, EventName = "run_started", Level = LogLevel.Information, Message = "Run {RunId} of {Job} started by {Trigger}")]
    private static partial void LogStarted(ILogger logger, string job, string runId, RunTrigger trigger);

    [LoggerMessage(EventId = 1001, EventName = "run_finished", Level = LogLevel.Information, Message = "Run {RunId} of {Job} finished in {ElapsedMs:F0} ms: {Counts}")]
    private static partial void LogFinished(ILogger logger, string job, string runId, double elapsedMs, string counts);

    [LoggerMessage(EventId = 1002, EventName = "run_failed", Level = LogLevel.Error, Message = "Run {RunId} of {Job} {Outcome}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, string runId, string outcome);

    [LoggerMessage(EventId = 1003, EventName = "run_in_progress", Level = LogLevel.Information, Message = "Run of {Job} refused: run {Holder} holds the run lease")]
    private static partial void LogAlreadyRunning(ILogger logger, string job, string holder);

    [LoggerMessage(EventId = 1004, EventName = "run_record_failed", Level = LogLevel.Warning, Message = "Could not record the end of run {RunId} of {Job}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string job, string runId);
}
