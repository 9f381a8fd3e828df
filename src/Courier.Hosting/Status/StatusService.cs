using Courier.Core.Circuits;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.Hosting.Hosting;
using Courier.Hosting.Jobs;
using Courier.Hosting.Observability;
using Courier.Hosting.Timers;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Status;

/// <summary>Builds the status report from the catalog, the run records, the registered queues, the circuits and the schedule monitor.</summary>
public sealed class StatusService(
    IServiceProvider services,
    IQueueStore store,
    IRunStore runs,
    ICircuitStore circuits,
    IEnumerable<QueueDefinition> queues,
    IJobDispatcher dispatcher,
    FunctionSettings functions,
    TimerZone zone,
    HostInfo host,
    IOptions<JobRunnerOptions> runner,
    CourierTelemetry telemetry,
    TimeProvider time)
{
    /// <summary>How many Failed and how many Unknown items each queue lists, oldest first.</summary>
    public const int ProblemItemsShown = 10;

    /// <summary>The most run records read per job for the 24-hour chart (a job running every minute has 1,440 a day).</summary>
    public const int HistoryRunsRead = 1500;

    private readonly IReadOnlyList<QueueDefinition> _queues = queues.ToList();

    public async Task<StatusReport> BuildAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Standalone reads the next fire from its schedule monitor; under the Functions host it is computed from the schedule.
        var monitor = services.GetService<INextFireLookup>();
        var queue = services.GetService<WorkQueue>();
        var jobs = await Task.WhenAll(JobCatalog.Timers.Select(t => JobAsync(t, monitor, queue, now, cancellationToken))).ConfigureAwait(false);

        IReadOnlyList<CircuitStatus> circuitRows = [];
        string? circuitsError = null;
        try
        {
            var records = await circuits.ListAsync(cancellationToken).ConfigureAwait(false);
            telemetry.ObserveCircuits(records);
            circuitRows = records.OrderBy(c => c.Key.SiteId, StringComparer.Ordinal).ThenBy(c => c.Key.ProviderKey, StringComparer.Ordinal).Select(CircuitStatus.From).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            circuitsError = ex.Message;
        }

        telemetry.ObserveQueues(jobs.SelectMany(j => j.Queues.SelectMany(q => q.Depth.Select(d => (j.Job, q.Queue, d.Key, d.Value)))));
        return new StatusReport(now, host.Mode, runner.Value.InstanceId, zone.Zone.Id, jobs, circuitRows, circuitsError);
    }

    private async Task<JobStatus> JobAsync(CatalogEntry timer, INextFireLookup? monitor, WorkQueue? queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = timer.Job!;
        var twin = JobCatalog.TwinOf(job)!;
        var expression = functions.ScheduleOf(timer);
        var enabled = !functions.IsDisabled(timer.Name);
        var errors = new List<string>();

        RunSummary? lastRun = null;
        DateTimeOffset? nextFire = null;
        IReadOnlyList<RunHistoryBucket> history = [];
        var queueRows = new List<QueueStatus>();
        try
        {
            var recent = await runs.ListRecentAsync(job, HistoryRunsRead, cancellationToken).ConfigureAwait(false);
            lastRun = recent.Count == 0 ? null : ToSummary(recent[0]);
            history = History(recent, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            errors.Add("runs: " + ex.Message);
        }

        if (enabled && dispatcher.IsBuilt(job))
        {
            try
            {
                var stored = monitor is null ? null : await monitor.NextFireAsync(timer.Name, cancellationToken).ConfigureAwait(false);
                nextFire = stored ?? CronSchedule.Parse(expression, zone.Zone).NextAfter(now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors.Add("schedule monitor: " + ex.Message);
            }
        }

        foreach (var definition in _queues.Where(q => q.Job == job))
        {
            if (queue is null) break;
            try
            {
                var stats = await queue.GetStatsAsync(definition.Name, cancellationToken).ConfigureAwait(false);
                var depth = Enum.GetValues<QueueState>().ToDictionary(s => definition.StateNames.TryGetValue(s, out var name) ? name : s.ToString(), stats.Count, StringComparer.Ordinal);
                var problems = new List<ProblemItem>();
                foreach (var state in new[] { QueueState.Failed, QueueState.Unknown })
                {
                    if (stats.Count(state) == 0) continue;
                    var items = await store.ListInStateAsync(definition.Name, state, now + TimeSpan.FromSeconds(1), ProblemItemsShown, cancellationToken).ConfigureAwait(false);
                    problems.AddRange(items.Select(i => new ProblemItem(i.Id, definition.StateNames.TryGetValue(state, out var name) ? name : state.ToString(), state.ToString().ToUpperInvariant(), i.LastError, i.Attempts, i.DueAt)));
                }

                queueRows.Add(new QueueStatus(definition.Name, depth, stats.OldestDueAge?.TotalSeconds, stats.Count(QueueState.Unknown)) { Problems = problems });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors.Add($"queue {definition.Name}: {ex.Message}");
            }
        }

        var twinStatus = new TwinStatus(twin.Name, twin.Methods, twin.Path, !functions.IsDisabled(twin.Name));
        return new JobStatus(job, timer.Title!, expression, enabled, dispatcher.IsBuilt(job), twinStatus, lastRun, nextFire, queueRows,
            errors.Count == 0 ? null : string.Join("; ", errors)) { History = history };
    }

    /// <summary>24 hourly buckets ending with the current hour: runs started in each, those that did not succeed, and items processed.</summary>
    private static IReadOnlyList<RunHistoryBucket> History(IReadOnlyList<RunRecord> recent, DateTimeOffset now)
    {
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var first = currentHour.AddHours(-23);
        var buckets = new (int Runs, int Failed, int Items)[24];
        foreach (var run in recent)
        {
            var started = run.StartedAt.ToUniversalTime();
            if (started < first || started >= currentHour.AddHours(1)) continue;
            var i = (int)((started - first).TotalHours);
            var b = buckets[i];
            buckets[i] = (b.Runs + 1, b.Failed + (run.Outcome is RunOutcome.Succeeded or RunOutcome.Running ? 0 : 1), b.Items + (run.Counts.TryGetValue("processed", out var n) ? n : 0));
        }

        return buckets.Select((b, i) => new RunHistoryBucket(first.AddHours(i), b.Runs, b.Failed, b.Items)).ToList();
    }

    private static RunSummary ToSummary(RunRecord run) => new(
        run.RunId, run.Trigger.ToString().ToLowerInvariant(), run.Outcome.ToString().ToLowerInvariant(), run.Instance, run.StartedAt, run.FinishedAt, run.Counts, run.Error);

}
