using Courier.Core.Errors;
using Courier.Core.Retry;
using Courier.Core.Runs;

namespace Courier.Core.Queue;

/// <summary>
/// The queue mechanics every job shares: idempotent enqueue, lease claims, named conditional transitions,
/// batched acknowledgements, rescue and pruning, over an <see cref="IQueueStore"/>.
/// </summary>
public sealed class WorkQueue(IQueueStore store, TimeProvider time)
{
    /// <summary>
    /// Extra candidates a claim reads beyond what it wants (one in twenty, at least one), so that a few items lost to other
    /// claimers are replaced in the same pass; a bigger loss is made up by the next pass.
    /// </summary>
    private const int ClaimMarginDivisor = 20;

    public TimeProvider Time => time;

    /// <summary>Adds an item keyed by <paramref name="id"/>; a second enqueue with the same key returns the existing item.</summary>
    public Task<EnqueueResult> EnqueueAsync(string queue, string id, string payload, string? groupKey = null, DateTimeOffset? dueAt = null, CancellationToken cancellationToken = default)
    {
        QueueKeys.Validate(queue, id);
        var now = time.GetUtcNow();
        return store.AddAsync(new QueueItem
        {
            Queue = queue,
            Id = id,
            State = QueueState.Queued,
            Payload = payload,
            GroupKey = groupKey,
            DueAt = dueAt ?? now,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    /// <summary>
    /// Adds many items at once (a bulk producer), each keyed by its id and idempotent as <see cref="EnqueueAsync"/>; the store
    /// writes them together where it can. Results come back in input order.
    /// </summary>
    public Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(string queue, IReadOnlyList<(string Id, string Payload, string? GroupKey)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var now = time.GetUtcNow();
        var list = new List<QueueItem>(items.Count);
        foreach (var (id, payload, groupKey) in items)
        {
            QueueKeys.Validate(queue, id);
            list.Add(new QueueItem { Queue = queue, Id = id, State = QueueState.Queued, Payload = payload, GroupKey = groupKey, DueAt = now, CreatedAt = now, UpdatedAt = now });
        }

        return store.AddManyAsync(list, cancellationToken);
    }

    public Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(queue, id, cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> due items under a lease owned by <paramref name="owner"/>. Items lost to other claimers are skipped, not errors.</summary>
    public async Task<IReadOnlyList<QueueItem>> ClaimDueAsync(string queue, string owner, int max, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        if (max <= 0) return [];
        var claimed = new List<QueueItem>(max);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A few passes: when other instances win some candidates, read again for the remainder.
        for (var pass = 0; pass < 3 && claimed.Count < max; pass++)
        {
            var now = time.GetUtcNow();
            var wanted = max - claimed.Count;
            var asked = wanted + Math.Max(1, wanted / ClaimMarginDivisor);
            var candidates = await store.ListDueAsync(queue, now, asked, cancellationToken).ConfigureAwait(false);
            var fresh = candidates.Where(c => seen.Add(c.Id)).Take(wanted).ToList();
            if (fresh.Count == 0) break;
            var plan = new List<ItemTransition>(fresh.Count);
            foreach (var item in fresh)
            {
                var next = QueueTransitions.Claim(item, owner, now, leaseFor, NewLeaseToken());
                if (next.Allowed) plan.Add(new ItemTransition(item, next.Next!));
            }

            var outcomes = await store.WriteAsync(plan, cancellationToken).ConfigureAwait(false);
            claimed.AddRange(outcomes.Where(o => o.Applied).Select(o => o.Item));
            if (outcomes.All(o => o.Applied) && candidates.Count < asked) break;
        }

        return claimed;
    }

    /// <summary>Writes a batch of planned transitions (acknowledgements) in as few transactions as the keys allow.</summary>
    public Task<IReadOnlyList<WriteOutcome>> ApplyAsync(IReadOnlyList<ItemTransition> transitions, CancellationToken cancellationToken = default) =>
        transitions.Count == 0 ? Task.FromResult<IReadOnlyList<WriteOutcome>>([]) : store.WriteAsync(transitions, cancellationToken);

    public Task<WriteOutcome> CompleteAsync(QueueItem claimed, string? result = null, CancellationToken cancellationToken = default) =>
        ApplyOneAsync(claimed, QueueTransitions.Complete(claimed, claimed.LeaseToken!, time.GetUtcNow(), result), cancellationToken);

    public Task<WriteOutcome> ScheduleRetryAsync(QueueItem claimed, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        ApplyOneAsync(claimed, QueueTransitions.ScheduleRetry(claimed, claimed.LeaseToken!, time.GetUtcNow(), nextAttemptAt, error), cancellationToken);

    public Task<WriteOutcome> FailAsync(QueueItem claimed, string error, CancellationToken cancellationToken = default) =>
        ApplyOneAsync(claimed, QueueTransitions.Fail(claimed, claimed.LeaseToken!, time.GetUtcNow(), error), cancellationToken);

    public Task<WriteOutcome> MarkUnknownAsync(QueueItem claimed, string error, CancellationToken cancellationToken = default) =>
        ApplyOneAsync(claimed, QueueTransitions.MarkUnknown(claimed, claimed.LeaseToken!, time.GetUtcNow(), error), cancellationToken);

    public Task<WriteOutcome> HeartbeatAsync(QueueItem claimed, TimeSpan leaseFor, CancellationToken cancellationToken = default) =>
        ApplyOneAsync(claimed, QueueTransitions.Heartbeat(claimed, claimed.LeaseToken!, time.GetUtcNow(), leaseFor), cancellationToken);

    /// <summary>Maps a classified provider error to the transition the queue rules require (retry, fail or Unknown); <paramref name="maxAttempts"/> counts attempts since the last re-drive.</summary>
    public TransitionResult PlanFailure(QueueItem claimed, ProviderError error, IRetryPolicy policy, int maxAttempts)
    {
        var now = time.GetUtcNow();
        var token = claimed.LeaseToken!;
        var message = error.ToString();
        return error.Class switch
        {
            ErrorClass.Permanent => QueueTransitions.Fail(claimed, token, now, message),
            ErrorClass.UnknownOutcome => QueueTransitions.MarkUnknown(claimed, token, now, message),
            _ when claimed.AttemptsSinceRedrive + 1 >= maxAttempts => QueueTransitions.Fail(claimed, token, now, $"{message} (gave up after {claimed.Attempts + 1} attempts)"),
            _ => QueueTransitions.ScheduleRetry(claimed, token, now, policy.NextAttemptAt(now, claimed.Attempts + 1, error), message),
        };
    }

    /// <summary>Rescues items of <paramref name="queue"/> whose lease expired more than <paramref name="minAge"/> ago, at most <paramref name="max"/>. Returns how many were rescued.</summary>
    public async Task<int> RescueExpiredAsync(string queue, TimeSpan minAge, int max, int? maxAttempts = null, CancellationToken cancellationToken = default) =>
        (await RescueBatchAsync(queue, minAge, max, maxAttempts, cancellationToken).ConfigureAwait(false)).Rescued;

    /// <summary>
    /// Rescues batch after batch of up to <paramref name="batchSize"/> expired leases until a short batch, a batch in which
    /// nothing could be rescued (another rescuer won them all), or <paramref name="budget"/> says stop. Returns how many were rescued.
    /// </summary>
    public async Task<int> RescueAllExpiredAsync(string queue, TimeSpan minAge, int batchSize, int? maxAttempts, RunBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentNullException.ThrowIfNull(budget);
        var total = 0;
        while (budget.CanClaimMore)
        {
            var (read, rescued) = await RescueBatchAsync(queue, minAge, batchSize, maxAttempts, cancellationToken).ConfigureAwait(false);
            total += rescued;
            if (read < batchSize || rescued == 0) break;
        }

        return total;
    }

    private async Task<(int Read, int Rescued)> RescueBatchAsync(string queue, TimeSpan minAge, int max, int? maxAttempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await store.ListExpiredLeasesAsync(queue, now - minAge, max, cancellationToken).ConfigureAwait(false);
        var plan = new List<ItemTransition>(expired.Count);
        foreach (var item in expired)
        {
            var next = QueueTransitions.Rescue(item, now, minAge, maxAttempts);
            if (next.Allowed) plan.Add(new ItemTransition(item, next.Next!));
        }

        var outcomes = await ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        return (expired.Count, outcomes.Count(o => o.Applied));
    }

    /// <summary>
    /// Moves Failed or Unknown items of <paramref name="queue"/> that match <paramref name="filter"/> back to Queued through
    /// <see cref="QueueTransitions.Redrive"/>, oldest first, at most <see cref="RedriveFilter.Limit"/>. Each move is conditional on the
    /// version read: an item another writer changed first is counted as lost. A dry run only counts.
    /// </summary>
    public async Task<RedriveResult> RedriveAsync(string queue, RedriveFilter filter, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate();
        var from = filter.From ?? DateTimeOffset.MinValue;
        var before = filter.To ?? DateTimeOffset.MaxValue;
        var candidates = new List<QueueItem>();
        foreach (var state in RedriveFilter.RedrivableStates.Where(filter.States.Contains))
            candidates.AddRange(await store.FindInStateAsync(queue, state, from, before, filter.Matches, filter.Limit, cancellationToken).ConfigureAwait(false));

        var matched = candidates.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(filter.Limit).ToList();
        if (dryRun || matched.Count == 0) return new RedriveResult(matched.Count, 0, 0);

        var now = time.GetUtcNow();
        var plan = new List<ItemTransition>(matched.Count);
        foreach (var item in matched)
        {
            var next = QueueTransitions.Redrive(item, now);
            if (next.Allowed) plan.Add(new ItemTransition(item, next.Next!));
        }

        var outcomes = await ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        var moved = outcomes.Count(o => o.Applied);
        return new RedriveResult(matched.Count, moved, matched.Count - moved);
    }

    /// <summary>
    /// Makes waiting items of one group that were put back for <paramref name="errorCode"/> due now: when the reason they
    /// wait is gone (a held site released), they need not sit out the rest of their delay. Reads only the Queued and Retry
    /// index rows due within [now, now + <paramref name="window"/>); each move is a conditional write, and an item another
    /// writer changed meanwhile is left as it is. Returns how many were moved.
    /// </summary>
    public async Task<int> WakeAsync(string queue, string groupKey, string errorCode, TimeSpan window, CancellationToken cancellationToken = default)
    {
        const int Batch = 1000;
        var now = time.GetUtcNow();
        var prefix = errorCode + ":";
        bool Waiting(QueueItem item) => item.GroupKey == groupKey && item.LastError?.StartsWith(prefix, StringComparison.Ordinal) == true;
        var woken = 0;
        foreach (var state in new[] { QueueState.Queued, QueueState.Retry })
        {
            while (true)
            {
                // Moved items become due at `now`, just before the range read next, so each pass sees only what still waits.
                var found = await store.FindInStateAsync(queue, state, now + TimeSpan.FromTicks(1), now + window, Waiting, Batch, cancellationToken).ConfigureAwait(false);
                var plan = found
                    .Select(item => (item, next: QueueTransitions.Postpone(item, null, now, now, item.LastError)))
                    .Where(x => x.next.Allowed)
                    .Select(x => new ItemTransition(x.item, x.next.Next!))
                    .ToList();
                var outcomes = await ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
                var applied = outcomes.Count(o => o.Applied);
                woken += applied;
                // A short batch is the last; a full one where every write lost means another writer is at work: leave it the rest.
                if (found.Count < Batch || applied == 0) break;
            }
        }

        return woken;
    }

    /// <summary>Deletes completed items finished before now − <paramref name="completedRetention"/> and failed ones before now − <paramref name="failedRetention"/>.</summary>
    public async Task<int> PruneAsync(string queue, TimeSpan completedRetention, TimeSpan failedRetention, int max, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var pruned = 0;
        foreach (var (state, retention) in new[] { (QueueState.Completed, completedRetention), (QueueState.Failed, failedRetention) })
        {
            var old = await store.ListInStateAsync(queue, state, now - retention, max, cancellationToken).ConfigureAwait(false);
            var outcomes = await store.DeleteAsync(old, cancellationToken).ConfigureAwait(false);
            pruned += outcomes.Count(o => o.Applied);
        }

        return pruned;
    }

    public Task<QueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken = default) =>
        store.GetStatsAsync(queue, time.GetUtcNow(), cancellationToken);

    private async Task<WriteOutcome> ApplyOneAsync(QueueItem current, TransitionResult next, CancellationToken cancellationToken)
    {
        if (!next.Allowed) return WriteOutcome.Lost(current, next.RefusedBecause!);
        var outcomes = await store.WriteAsync([new ItemTransition(current, next.Next!)], cancellationToken).ConfigureAwait(false);
        return outcomes[0];
    }

    private static string NewLeaseToken() => Guid.NewGuid().ToString("N");
}
