using System.Globalization;
using Courier.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Runs;

/// <summary>
/// Runs a job the same way for every trigger: takes the per-job run lease and keeps it renewed while the run lives, records
/// the run, gives the job a time budget and a deadline, and records the outcome. A second run while one holds the lease is
/// refused, not queued. At the deadline (budget + grace) or when the lease is lost, the job's token is cancelled and the run
/// is recorded as <see cref="RunOutcome.Cancelled"/>; the caller's own cancellation (host shutdown) records it as aborted.
/// </summary>
public sealed partial class JobRunner(IRunStore runs, IRunLeaseStore leases, TimeProvider time, JobRunnerOptions options, ILogger<JobRunner> logger)
{
    private const string DeadlineExceeded = "deadline exceeded";
    private const string LeaseLost = "run lease lost";

    /// <summary>Marks a stop asked for by the caller, which is not a runner's cancellation.</summary>
    private const string StoppedByCaller = "caller";

    private readonly TimeSpan _budget = options.RunBudget;
    private readonly TimeSpan _reserve = options.ClaimReserve;
    private readonly TimeSpan _leaseDuration = options.LeaseDuration;
    private readonly TimeSpan _grace = options.DeadlineGrace;
    private readonly string _instance = options.InstanceId;

    public string InstanceId => _instance;

    public async Task<RunResult> RunAsync(IJob job, RunTrigger trigger, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        var startedAt = time.GetUtcNow();
        var runId = NewRunId(startedAt);
        // Every log line of the run, the job's own included, carries the job and the run id.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Job"] = job.Name, ["RunId"] = runId });
        // A short lease, renewed while the run lives: a killed instance holds the job for at most one lease duration.
        var (lease, holder) = await leases.TryAcquireAsync(job.Name, runId, startedAt, _leaseDuration, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LogAlreadyRunning(logger, job.Name, holder ?? "?");
            return new RunResult(RunStatus.AlreadyRunning, runId, null, "run_in_progress") { HolderRunId = holder };
        }

        var record = new RunRecord { RunId = runId, Job = job.Name, Trigger = trigger, Instance = _instance, StartedAt = startedAt };
        // The deadline waits on the injected TimeProvider.
        using var deadline = new CancellationTokenSource(DelayUntil(startedAt + _budget + _grace), time);
        using var keeper = new RunLeaseKeeper(leases, lease, _leaseDuration, time, logger);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, keeper.Lost);
        // The first reason the run's token was cancelled wins; the job sees one token either way.
        string? stopReason = null;
        using var byCaller = cancellationToken.Register(() => Interlocked.CompareExchange(ref stopReason, StoppedByCaller, null));
        using var byDeadline = deadline.Token.Register(() => Interlocked.CompareExchange(ref stopReason, DeadlineExceeded, null));
        using var byLeaseLoss = keeper.Lost.Register(() => Interlocked.CompareExchange(ref stopReason, LeaseLost, null));
        try
        {
            return await RunJobAsync(job, record, parameters, run.Token, StopReason).ConfigureAwait(false);
        }
        finally
        {
            // The renewal loop is stopped and awaited first, so it cannot renew a lease being released.
            var held = await keeper.StopAsync().ConfigureAwait(false);
            if (held is not null) await TryReleaseAsync(held).ConfigureAwait(false);
        }

        // A token's flag is set before its callbacks run, so a reason not yet noted is read from the tokens.
        string? StopReason() => Volatile.Read(ref stopReason)
            ?? (cancellationToken.IsCancellationRequested ? StoppedByCaller
                : deadline.IsCancellationRequested ? DeadlineExceeded
                : keeper.Lost.IsCancellationRequested ? LeaseLost
                : null);
    }

    private async Task<RunResult> RunJobAsync(IJob job, RunRecord record, IReadOnlyDictionary<string, string>? parameters, CancellationToken runToken, Func<string?> stopReason)
    {
        JobReport report;
        try
        {
            await runs.SaveAsync(record, runToken).ConfigureAwait(false);
            LogStarted(logger, record.Job, record.RunId, record.Trigger);
            var context = new JobRunContext(record.RunId, record.Trigger, new RunBudget(time, record.StartedAt, _budget, _reserve), parameters ?? new Dictionary<string, string>());
            report = await job.RunAsync(context, runToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (RunnerReason(stopReason()) is { } reason)
            {
                // The job could not report once cancelled: record the counts known, which are none.
                LogCancelled(logger, ex, record.Job, record.RunId, reason);
                await TrySaveAsync(record with { FinishedAt = time.GetUtcNow(), Outcome = RunOutcome.Cancelled, Error = reason }).ConfigureAwait(false);
                return new RunResult(RunStatus.Cancelled, record.RunId, null, reason);
            }

            var aborted = ex is OperationCanceledException;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            LogFailed(logger, ex, record.Job, record.RunId, aborted ? "aborted" : "failed");
            await TrySaveAsync(record with { FinishedAt = time.GetUtcNow(), Outcome = aborted ? RunOutcome.Aborted : RunOutcome.Failed, Error = error }).ConfigureAwait(false);
            return new RunResult(RunStatus.Failed, record.RunId, null, error);
        }

        var finishedAt = time.GetUtcNow();
        if (RunnerReason(stopReason()) is { } stopped)
        {
            // The job stopped on its token and reported what it did: cancelled, with those counts.
            LogCancelled(logger, null, record.Job, record.RunId, stopped);
            await TrySaveAsync(record with { FinishedAt = finishedAt, Outcome = RunOutcome.Cancelled, Counts = report.Counts, Error = stopped }).ConfigureAwait(false);
            return new RunResult(RunStatus.Cancelled, record.RunId, report, stopped);
        }

        await TrySaveAsync(record with { FinishedAt = finishedAt, Outcome = RunOutcome.Succeeded, Counts = report.Counts }).ConfigureAwait(false);
        LogFinished(logger, record.Job, record.RunId, (finishedAt - record.StartedAt).TotalMilliseconds, string.Join(", ", report.Counts.Select(c => $"{c.Key}={c.Value}")));
        return new RunResult(RunStatus.Completed, record.RunId, report, null);
    }

    /// <summary>The deadline or a lost lease; null when nothing stopped the run or its caller did.</summary>
    private static string? RunnerReason(string? stopReason) => stopReason is DeadlineExceeded or LeaseLost ? stopReason : null;

    /// <summary>A timer delay to <paramref name="at"/>; beyond what a timer can wait (about 49 days) it never fires.</summary>
    private TimeSpan DelayUntil(DateTimeOffset at)
    {
        var delay = at - time.GetUtcNow();
        if (delay <= TimeSpan.Zero) return TimeSpan.Zero;
        return delay.TotalMilliseconds < uint.MaxValue - 1 ? delay : Timeout.InfiniteTimeSpan;
    }

    private async Task TrySaveAsync(RunRecord record)
    {
        try
        {
            await runs.SaveAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The run's own outcome is what matters; a failed bookkeeping write is logged, not rethrown.
            LogRecordFailed(logger, ex, record.Job, record.RunId);
        }
    }

    private async Task TryReleaseAsync(RunLease lease)
    {
        try
        {
            await leases.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The lease runs out on its own within one lease duration; the run's result stands.
            LogReleaseFailed(logger, ex, lease.Job, lease.RunId);
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

    [LoggerMessage(EventId = 1005, EventName = "run_cancelled", Level = LogLevel.Warning, Message = "Run {RunId} of {Job} cancelled: {Reason}")]
    private static partial void LogCancelled(ILogger logger, Exception? exception, string job, string runId, string reason);

    [LoggerMessage(EventId = 1008, EventName = "run_lease_release_failed", Level = LogLevel.Warning, Message = "Could not release the run lease of run {RunId} of {Job}; it runs out on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string job, string runId);
}
