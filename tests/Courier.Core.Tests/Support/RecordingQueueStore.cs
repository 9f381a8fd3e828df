using Courier.Core.Queue;

namespace Courier.Core.Tests.Support;

/// <summary>Passes every call to an inner store and records the reads ("expired:{queue}", "due:{queue}") in call order.</summary>
internal sealed class RecordingQueueStore(IQueueStore inner) : IQueueStore
{
    private readonly List<string> _reads = [];

    /// <summary>Runs after each expired-lease read (for example to move a fake clock so a run's budget ends).</summary>
    public Action? AfterExpiredRead { get; set; }

    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_reads) return _reads.ToList();
        }
    }

    public Task<EnqueueResult> AddAsync(QueueItem item, CancellationToken cancellationToken) => inner.AddAsync(item, cancellationToken);

    public Task<IReadOnlyList<EnqueueResult>> AddManyAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken) => inner.AddManyAsync(items, cancellationToken);

    public Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken) => inner.GetAsync(queue, id, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> ListDueAsync(string queue, DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        Record($"due:{queue}");
        return inner.ListDueAsync(queue, dueBy, max, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueItem>> ListExpiredLeasesAsync(string queue, DateTimeOffset expiredBy, int max, CancellationToken cancellationToken)
    {
        Record($"expired:{queue}");
        var items = await inner.ListExpiredLeasesAsync(queue, expiredBy, max, cancellationToken);
        AfterExpiredRead?.Invoke();
        return items;
    }

    public Task<IReadOnlyList<QueueItem>> ListInStateAsync(string queue, QueueState state, DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        inner.ListInStateAsync(queue, state, before, max, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> FindInStateAsync(string queue, QueueState state, DateTimeOffset from, DateTimeOffset before, Func<QueueItem, bool> match, int max, CancellationToken cancellationToken) =>
        inner.FindInStateAsync(queue, state, from, before, match, max, cancellationToken);

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ItemTransition> transitions, CancellationToken cancellationToken) => inner.WriteAsync(transitions, cancellationToken);

    public Task<IReadOnlyList<WriteOutcome>> DeleteAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken) => inner.DeleteAsync(items, cancellationToken);

    public Task<QueueStats> GetStatsAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken) => inner.GetStatsAsync(queue, now, cancellationToken);

    private void Record(string read)
    {
        lock (_reads) _reads.Add(read);
    }
}
