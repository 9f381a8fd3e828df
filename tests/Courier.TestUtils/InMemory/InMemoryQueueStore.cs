using Courier.Core.Queue;

namespace Courier.TestUtils.InMemory;

/// <summary>A thread-safe in-memory <see cref="IQueueStore"/> for fast Core tests; passes the same conformance suite as the Table adapter.</summary>
public sealed class InMemoryQueueStore : IQueueStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Queue, string Id), QueueItem> _items = new();
    private long _version;

    public Task<EnqueueResult> AddAsync(QueueItem item, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_items.TryGetValue((item.Queue, item.Id), out var existing)) return Task.FromResult(new EnqueueResult(existing, false));
            var stored = item with { Version = NextVersion() };
            _items[(item.Queue, item.Id)] = stored;
            return Task.FromResult(new EnqueueResult(stored, true));
        }
    }

    public async Task<IReadOnlyList<EnqueueResult>> AddManyAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken)
    {
        var results = new List<EnqueueResult>(items.Count);
        foreach (var item in items) results.Add(await AddAsync(item, cancellationToken));
        return results;
    }

    public Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_items.GetValueOrDefault((queue, id)));
    }

    public Task<IReadOnlyList<QueueItem>> ListDueAsync(string queue, DateTimeOffset dueBy, int max, CancellationToken cancellationToken) =>
        Query(queue, i => i.IsWaiting && i.DueAt <= dueBy, i => i.DueAt, max);

    public Task<IReadOnlyList<QueueItem>> ListExpiredLeasesAsync(string queue, DateTimeOffset expiredBy, int max, CancellationToken cancellationToken) =>
        Query(queue, i => i.State == QueueState.Processing && i.LeaseUntil <= expiredBy, i => i.LeaseUntil ?? i.DueAt, max);

    public Task<IReadOnlyList<QueueItem>> ListInStateAsync(string queue, QueueState state, DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        Query(queue, i => i.State == state && i.DueAt < before, i => i.DueAt, max);

    public Task<IReadOnlyList<QueueItem>> FindInStateAsync(string queue, QueueState state, DateTimeOffset from, DateTimeOffset before, Func<QueueItem, bool> match, int max, CancellationToken cancellationToken)
    {
        if (state == QueueState.Processing) throw new ArgumentException("Processing rows are ordered by lease end, not by DueAt", nameof(state));
        return Query(queue, i => i.State == state && i.DueAt >= from && i.DueAt < before && match(i), i => i.DueAt, max);
    }

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ItemTransition> transitions, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var outcomes = new List<WriteOutcome>(transitions.Count);
            foreach (var t in transitions)
            {
                var key = (t.Current.Queue, t.Current.Id);
                if (!_items.TryGetValue(key, out var stored) || stored.Version != t.Current.Version)
                {
                    outcomes.Add(WriteOutcome.Lost(t.Next, "the item changed since it was read"));
                    continue;
                }

                var next = t.Next with { Version = NextVersion() };
                _items[key] = next;
                outcomes.Add(WriteOutcome.Won(next));
            }

            return Task.FromResult<IReadOnlyList<WriteOutcome>>(outcomes);
        }
    }

    public Task<IReadOnlyList<WriteOutcome>> DeleteAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var outcomes = new List<WriteOutcome>(items.Count);
            foreach (var item in items)
            {
                var key = (item.Queue, item.Id);
                if (_items.TryGetValue(key, out var stored) && stored.Version == item.Version)
                {
                    _items.Remove(key);
                    outcomes.Add(WriteOutcome.Won(item));
                }
                else
                {
                    outcomes.Add(WriteOutcome.Lost(item, "the item changed since it was read"));
                }
            }

            return Task.FromResult<IReadOnlyList<WriteOutcome>>(outcomes);
        }
    }

    public Task<QueueStats> GetStatsAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = _items.Values.Where(i => i.Queue == queue).ToList();
            var byState = items.GroupBy(i => i.State).ToDictionary(g => g.Key, g => g.Count());
            var due = items.Where(i => i.IsWaiting && i.DueAt <= now).Select(i => i.DueAt).DefaultIfEmpty().Min();
            TimeSpan? oldest = items.Any(i => i.IsWaiting && i.DueAt <= now) ? now - due : null;
            return Task.FromResult(new QueueStats(queue, byState, oldest));
        }
    }

    /// <summary>Replaces an item as it is stored, bypassing transitions: for tests that need a corrupt or odd row.</summary>
    public void Put(QueueItem item)
    {
        lock (_gate) _items[(item.Queue, item.Id)] = item with { Version = NextVersion() };
    }

    private Task<IReadOnlyList<QueueItem>> Query(string queue, Func<QueueItem, bool> where, Func<QueueItem, DateTimeOffset> order, int max)
    {
        lock (_gate)
        {
            IReadOnlyList<QueueItem> result = _items.Values.Where(i => i.Queue == queue && where(i)).OrderBy(order).ThenBy(i => i.Id, StringComparer.Ordinal).Take(max).ToList();
            return Task.FromResult(result);
        }
    }

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
