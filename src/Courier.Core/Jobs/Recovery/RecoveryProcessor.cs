using Courier.Core.Queue;
using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.Recovery;

/// <summary>
/// Job 4, <c>recover-processing</c>: rescues items of every registered queue whose lease expired more than a minimum
/// age ago, so work abandoned by a crashed or timed-out run is retried (or failed once its queue's attempts are used up).
/// Each queue is rescued batch after batch until a short batch or the run's budget ends: no fixed cap per run.
/// </summary>
public sealed class RecoveryProcessor : IJob
{
    /// <summary>The job's catalog name (its timer function).</summary>
    public const string JobName = "recover-processing";

    /// <summary>The run parameter (from the twin's query) that overrides <see cref="RecoveryOptions.MinAge"/>, in whole minutes.</summary>
    public const string MinAgeParameter = "min_age_minutes";

    private const int MaxMinAgeMinutes = 366 * 24 * 60;

    private readonly IReadOnlyList<QueueDefinition> _queues;
    private readonly WorkQueue _workQueue;
    private readonly TimeSpan _minAge;
    private readonly int _batchSize;
    private readonly TimeSpan _completedRetention;
    private readonly TimeSpan _failedRetention;
    private readonly int _maxPruned;

    public RecoveryProcessor(IEnumerable<QueueDefinition> queues, WorkQueue workQueue, IOptions<RecoveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(options);
        // A queue registered twice is rescued once.
        _queues = queues.DistinctBy(q => q.Name, StringComparer.Ordinal).ToList();
        _workQueue = workQueue ?? throw new ArgumentNullException(nameof(workQueue));
        // Options are copied once: a run never re-reads them.
        var value = options.Value;
        _minAge = value.MinAge;
        _batchSize = value.BatchSize;
        _completedRetention = value.CompletedRetention;
        _failedRetention = value.FailedRetention;
        _maxPruned = value.MaxPrunedPerQueue;
    }

    public string Name => JobName;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var minAge = MinAgeFor(context);
        var byQueue = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in _queues)
        {
            // Queues not reached before the budget ends report 0 and are rescued by the next run (or by their own job's run).
            byQueue[queue.Name] = await _workQueue.RescueAllExpiredAsync(queue.Name, minAge, _batchSize, queue.MaxAttempts, context.Budget, cancellationToken).ConfigureAwait(false);
        }

        // Retention rides along: one maintenance pass over every queue, after the rescues that matter more.
        var pruned = 0;
        foreach (var queue in _queues)
        {
            if (!context.Budget.CanClaimMore || _maxPruned == 0) break;
            pruned += await _workQueue.PruneAsync(queue.Name, _completedRetention, _failedRetention, _maxPruned, cancellationToken).ConfigureAwait(false);
        }

        var recovered = byQueue.Values.Sum();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["recovered"] = recovered, ["pruned"] = pruned };
        return new JobReport(counts, new RecoveryResult(true, recovered, byQueue, pruned));
    }

    /// <summary>
    /// The parameter overrides the setting when it is a whole number of minutes ≥ 0; an absent, unreadable or negative
    /// value keeps the setting, so a bad query can never rescue a live lease. Capped at a year to keep the date range valid.
    /// </summary>
    private TimeSpan MinAgeFor(JobRunContext context)
    {
        var minutes = context.GetInt(MinAgeParameter, -1);
        return minutes < 0 ? _minAge : TimeSpan.FromMinutes(Math.Min(minutes, MaxMinAgeMinutes));
    }
}
