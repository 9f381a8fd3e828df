using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Core.Retry;
using Courier.Core.Runs;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Queue;

/// <summary>
/// The claim → read → handle → acknowledge loop every job shares: first takes back the queue's expired leases (a crashed
/// run's items), then claims due items in batches while the run's budget allows, reads each payload as
/// <typeparamref name="TPayload"/>, hands the readable ones to the job and writes the outcomes back in one batched,
/// conditional acknowledgement per batch.
/// </summary>
/// <remarks>
/// An unreadable payload fails alone ("payload unreadable: …"). A <see cref="ProviderException"/> thrown by a handler
/// becomes <see cref="ItemOutcome.Retry"/> for the items that handler call was given. Any other exception acknowledges
/// what was finished, hands back what was not started, leaves the failing call's items leased (their side effects are
/// unknown, so recovery rescues them and counts the attempt) and is rethrown; when the run's token was cancelled
/// (shutdown, deadline) the interrupted call's items are handed back too, due at once. Each item is handled at most once per
/// drain: an outcome that leaves it due at once (<see cref="ItemOutcome.Released"/>, a retry due now) is written when
/// the drain ends.
/// </remarks>
public sealed class QueueDrainer<TPayload>
{
    private readonly WorkQueue _queue;
    private readonly IQueueStore _store;
    private readonly TimeProvider _time;
    private readonly IRetryPolicy _retry;
    private readonly QueueDrainSettings _settings;
    private readonly JsonSerializerOptions _json;

    private readonly ILogger? _logger;

    /// <param name="logger">When given, each handler call runs in a log scope naming the queue and its item (<c>ItemId</c>) or items (<c>ItemCount</c>).</param>
    public QueueDrainer(IQueueStore store, TimeProvider time, IRetryPolicy retryPolicy, QueueDrainSettings settings, JsonSerializerOptions? json = null, ILogger? logger = null)
    {
        _logger = logger;
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _retry = retryPolicy ?? throw new ArgumentNullException(nameof(retryPolicy));
        _settings = settings;
        _json = json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        _queue = new WorkQueue(store, time);
    }

    public QueueDrainSettings Settings => _settings;

    /// <summary>Drains with one handler call per claimed batch; the handler returns one outcome per item, in the order given.</summary>
    public Task<QueueDrainResult> DrainAsync(
        RunBudget budget,
        string owner,
        int limit,
        Func<IReadOnlyList<ClaimedItem<TPayload>>, CancellationToken, Task<IReadOnlyList<ItemOutcome>>> handleBatch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handleBatch);
        return RunAsync(budget, owner, limit, batch => [new Unit(batch, ct => handleBatch(batch, ct))], cancellationToken);
    }

    /// <summary>Drains with one handler call per item.</summary>
    public Task<QueueDrainResult> DrainEachAsync(
        RunBudget budget,
        string owner,
        int limit,
        Func<ClaimedItem<TPayload>, CancellationToken, Task<ItemOutcome>> handleItem,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handleItem);
        return RunAsync(budget, owner, limit, batch => batch.Select(item => new Unit([item], async ct => [await handleItem(item, ct).ConfigureAwait(false)])), cancellationToken);
    }

    /// <summary>
    /// Drains with one handler call per group of a batch (for example one upload per customer and conversion action);
    /// the handler returns one outcome per item of its group, in the order given.
    /// </summary>
    public Task<QueueDrainResult> DrainGroupsAsync<TKey>(
        RunBudget budget,
        string owner,
        int limit,
        Func<ClaimedItem<TPayload>, TKey> groupBy,
        Func<TKey, IReadOnlyList<ClaimedItem<TPayload>>, CancellationToken, Task<IReadOnlyList<ItemOutcome>>> handleGroup,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        ArgumentNullException.ThrowIfNull(handleGroup);
        return RunAsync(
            budget,
            owner,
            limit,
            batch => batch.GroupBy(groupBy).Select(g =>
            {
                IReadOnlyList<ClaimedItem<TPayload>> items = g.ToList();
                return new Unit(items, ct => handleGroup(g.Key, items, ct));
            }),
            cancellationToken);
    }

    private async Task<QueueDrainResult> RunAsync(RunBudget budget, string owner, int limit, Func<IReadOnlyList<ClaimedItem<TPayload>>, IEnumerable<Unit>> split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var tally = new Tally();
        var handled = new HashSet<string>(StringComparer.Ordinal);
        // Writes that would leave an item due at once wait until the drain ends, the item still leased to this run:
        // written now, the item would be among the earliest due again and the next claim would return it instead
        // of items not yet seen. An item is handled at most once per drain.
        var parked = new List<Planned>();
        var drained = false;
        // A crashed instance's items come back within their lease plus one run of the job, whether or not recovery runs.
        // The Rescue transition gives the old owner's token no more power: its late acknowledgement is lost.
        var recovered = await _queue.RescueAllExpiredAsync(_settings.Queue, TimeSpan.Zero, _settings.BatchSize, _settings.MaxAttempts, budget, cancellationToken).ConfigureAwait(false);
        try
        {
            while (budget.CanClaimMore && handled.Count < limit)
            {
                var want = Math.Min(_settings.BatchSize, limit - handled.Count);
                var claimed = await _queue.ClaimDueAsync(_settings.Queue, owner, want, _settings.LeaseFor, cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                {
                    drained = true;
                    break;
                }

                var fresh = new List<QueueItem>(claimed.Count);
                foreach (var item in claimed)
                {
                    if (handled.Add(item.Id)) fresh.Add(item);
                    else parked.Add(HandBack(item));
                }

                await HandleAsync(fresh, split, tally, parked, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await WriteAsync(parked, tally, CancellationToken.None).ConfigureAwait(false);
        }

        var deferred = drained && parked.Count == 0 ? 0 : await CountDueAsync(cancellationToken).ConfigureAwait(false);
        return tally.ToResult(deferred) with { Recovered = recovered };
    }

    private async Task HandleAsync(List<QueueItem> claimed, Func<IReadOnlyList<ClaimedItem<TPayload>>, IEnumerable<Unit>> split, Tally tally, List<Planned> parked, CancellationToken cancellationToken)
    {
        var readable = new List<ClaimedItem<TPayload>>(claimed.Count);
        var acks = new List<(QueueItem Current, ItemOutcome Outcome)>(claimed.Count);
        foreach (var item in claimed)
        {
            if (TryRead(item, out var payload, out var problem)) readable.Add(new ClaimedItem<TPayload>(item, payload, _queue, _settings.LeaseFor));
            else acks.Add((item, ItemOutcome.Failed($"payload unreadable: {problem}")));
        }

        var units = readable.Count == 0 ? [] : split(readable).ToList();
        var next = 0;
        try
        {
            for (; next < units.Count; next++)
            {
                var unit = units[next];
                IReadOnlyList<ItemOutcome> outcomes;
                try
                {
                    using (Scope(unit.Items))
                        outcomes = await unit.Handle(cancellationToken).ConfigureAwait(false);
                }
                catch (ProviderException ex)
                {
                    outcomes = unit.Items.Select(_ => ItemOutcome.Retry(ex.Error)).ToList();
                }

                if (outcomes is null || outcomes.Count != unit.Items.Count || outcomes.Any(o => o is null))
                    throw new InvalidOperationException($"queue {_settings.Queue}: the handler must return one outcome per item; it returned {outcomes?.Count ?? 0} for {unit.Items.Count}");
                for (var i = 0; i < outcomes.Count; i++) acks.Add((unit.Items[i].Item, outcomes[i]));
            }
        }
        catch (Exception ex)
        {
            // Keep finished work and free untouched items even though the run is failing; the failing unit stays leased,
            // for recovery to rescue. When the run was stopped (host shutdown, deadline, lost run lease) the interrupted
            // unit is handed back now as well, so another instance takes it at once rather than after its lease expires.
            var stopped = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            if (stopped && next < units.Count)
            {
                // Its call may have reached the provider: the items wait with a reason that says so (ClaimedItem.MayHaveActedBefore),
                // so a job whose side effect is not idempotent looks before acting again.
                var reason = $"{QueueErrorCodes.Interrupted}: the run stopped during this item's call; whether the call took effect is not known";
                acks.AddRange(units[next].Items.Select(c => (c.Item, ItemOutcome.Postponed(_time.GetUtcNow(), reason))));
            }

            for (var rest = next + 1; rest < units.Count; rest++) acks.AddRange(units[rest].Items.Select(c => (c.Item, ItemOutcome.Released())));
            await WriteAsync(PlanAll(acks), tally, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var now = _time.GetUtcNow();
        var planned = PlanAll(acks);
        parked.AddRange(planned.Where(p => IsDueAt(p, now)));
        // Not the run's token: outcomes of calls already made are written even when the run is being stopped.
        await WriteAsync(planned.Where(p => !IsDueAt(p, now)).ToList(), tally, CancellationToken.None).ConfigureAwait(false);
    }

    private bool TryRead(QueueItem item, [MaybeNullWhen(false)] out TPayload payload, [NotNullWhen(false)] out string? problem)
    {
        payload = default;
        if (item.Payload is null)
        {
            problem = "the payload is missing";
            return false;
        }

        try
        {
            payload = JsonSerializer.Deserialize<TPayload>(item.Payload, _json);
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
            return false;
        }

        if (payload is null)
        {
            problem = "the payload is null";
            return false;
        }

        problem = null;
        return true;
    }

    private List<Planned> PlanAll(List<(QueueItem Current, ItemOutcome Outcome)> acks)
    {
        var now = _time.GetUtcNow();
        return acks.Select(a => new Planned(a.Current, Plan(a.Current, a.Outcome, now), a.Outcome.Kind)).ToList();
    }

    private TransitionResult Plan(QueueItem current, ItemOutcome outcome, DateTimeOffset now)
    {
        var planned = PlanTransition(current, outcome, now);

        // A checkpoint rides on an item that will be attempted again (or reconciled); a finished item keeps its own result.
        return outcome.Checkpoint is { } checkpoint && planned.Next is { IsFinished: false } next
            ? TransitionResult.To(next with { Result = checkpoint })
            : planned;
    }

    private TransitionResult PlanTransition(QueueItem current, ItemOutcome outcome, DateTimeOffset now)
    {
        var token = current.LeaseToken!;
        return outcome.Kind switch
        {
            ItemOutcomeKind.Completed => QueueTransitions.Complete(current, token, now, outcome.Result),
            ItemOutcomeKind.Retry => _queue.PlanFailure(current, outcome.Error!, _retry, _settings.MaxAttempts ?? int.MaxValue),
            ItemOutcomeKind.Failed => QueueTransitions.Fail(current, token, now, outcome.Reason!),
            ItemOutcomeKind.Unknown => QueueTransitions.MarkUnknown(current, token, now, outcome.Reason!),
            ItemOutcomeKind.Postponed => QueueTransitions.Postpone(current, token, now, outcome.DueAt ?? current.DueAt, outcome.Reason),
            _ => throw new UnreachableException($"unhandled outcome {outcome.Kind}"),
        };
    }

    /// <summary>Puts back, untouched and uncounted, an item this run already handled that a later claim returned.</summary>
    private Planned HandBack(QueueItem item) =>
        new(item, QueueTransitions.Postpone(item, item.LeaseToken, _time.GetUtcNow(), item.DueAt, null), null);

    private static bool IsDueAt(Planned planned, DateTimeOffset now) =>
        planned.Result.Next is { IsWaiting: true } next && next.DueAt <= now;

    /// <summary>Writes planned transitions in one batch; refused plans and lost writes are counted as lost.</summary>
    private async Task WriteAsync(IReadOnlyList<Planned> planned, Tally tally, CancellationToken cancellationToken)
    {
        if (planned.Count == 0) return;
        var allowed = new List<Planned>(planned.Count);
        foreach (var p in planned)
        {
            if (p.Result.Allowed) allowed.Add(p);
            else if (p.CountAs is not null) tally.Lost++;
        }

        var written = await _queue.ApplyAsync(allowed.Select(p => new ItemTransition(p.Current, p.Result.Next!)).ToList(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < written.Count; i++)
        {
            if (allowed[i].CountAs is not { } kind) continue;
            if (written[i].Applied) tally.Count(kind, written[i].Item.State);
            else tally.Lost++;
        }
    }

    private async Task<int> CountDueAsync(CancellationToken cancellationToken)
    {
        if (_settings.DeferredCountLimit == 0) return 0;
        var due = await _store.ListDueAsync(_settings.Queue, _time.GetUtcNow(), _settings.DeferredCountLimit, cancellationToken).ConfigureAwait(false);
        return due.Count;
    }

    /// <summary>One handler call: the items it is given and the call itself.</summary>
    /// <summary>The log scope of one handler call: the queue, and the item's id (one item) or the number of items.</summary>
    private IDisposable? Scope(IReadOnlyList<ClaimedItem<TPayload>> items) =>
        _logger?.BeginScope(items.Count == 1
            ? new Dictionary<string, object> { ["Queue"] = _settings.Queue, ["ItemId"] = items[0].Id }
            : new Dictionary<string, object> { ["Queue"] = _settings.Queue, ["ItemCount"] = items.Count });

    private sealed record Unit(IReadOnlyList<ClaimedItem<TPayload>> Items, Func<CancellationToken, Task<IReadOnlyList<ItemOutcome>>> Handle);

    /// <summary>A transition planned for a claimed item, and the outcome it counts as (null: a hand-back that is not counted).</summary>
    private sealed record Planned(QueueItem Current, TransitionResult Result, ItemOutcomeKind? CountAs);

    private sealed class Tally
    {
        public int Completed;
        public int Failed;
        public int Retried;
        public int Unknown;
        public int Postponed;
        public int Lost;

        public void Count(ItemOutcomeKind kind, QueueState state)
        {
            if (kind == ItemOutcomeKind.Postponed)
            {
                Postponed++;
                return;
            }

            // Counted by where the item landed: a Retry outcome may fail (attempts used up) or go to Unknown.
            switch (state)
            {
                case QueueState.Completed: Completed++; break;
                case QueueState.Failed: Failed++; break;
                case QueueState.Retry: Retried++; break;
                case QueueState.Unknown: Unknown++; break;
                default: throw new UnreachableException($"an acknowledgement left an item {state}");
            }
        }

        public QueueDrainResult ToResult(int deferred) =>
            new(Completed + Failed + Retried + Unknown + Postponed + Lost, Completed, Failed, Retried, Unknown, Postponed, Lost, deferred);
    }
}
