using Courier.Core.Queue;

namespace Courier.Core.Tests.Jobs.Artifacts;

/// <summary>Passes every call to an inner store and releases <see cref="Writes"/> once per applied write, so a test can wait for a heartbeat's write.</summary>
internal sealed class SignallingQueueStore(IQueueStore inner) : IQueueStore
{
    public SemaphoreSlim Writes { get; } = new(0);

    public Task<EnqueueResult> AddAsync(QueueItem item, CancellationToken cancellationToken) => inner.AddAsync(item, cancellationToken);

    public Task<IReadOnlyList<EnqueueResult>> AddManyAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken) => inner.AddManyAsync(items, cancellationToken);

    public Task<QueueItem?> GetAsync(string queue, string id, CancellationToken cancellationToken) => inner.GetAsync(queue, id, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> ListDueAsync(string queue, DateTimeOffset dueBy, int max, CancellationToken cancellationToken) => inner.ListDueAsync(queue, dueBy, max, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> ListExpiredLeasesAsync(string queue, DateTimeOffset expiredBy, int max, CancellationToken cancellationToken) => inner.ListExpiredLeasesAsync(queue, expiredBy, max, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> ListInStateAsync(string queue, QueueState state, DateTimeOffset before, int max, CancellationToken cancellationToken) => inner.ListInStateAsync(queue, state, before, max, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> FindInStateAsync(string queue, QueueState state, DateTimeOffset from, DateTimeOffset before, Func<QueueItem, bool> match, int max, CancellationToken cancellationToken) =>
        inner.FindInStateAsync(queue, state, from, before, match, max, cancellationToken);

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ItemTransition> transitions, CancellationToken cancellationToken)
    {
        var outcomes = await inner.WriteAsync(transitions, cancellationToken);
        var applied = outcomes.Count(o => o.Applied);
        if (applied > 0) Writes.Release(applied);
        return outcomes;
    }

    public Task<IReadOnlyList<WriteOutcome>> DeleteAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken) => inner.DeleteAsync(items, cancellationToken);

    public Task<QueueStats> GetStatsAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken) => inner.GetStatsAsync(queue, now, cancellationToken);
}
