using Courier.Core.Jobs.Social;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="ISocialAttemptStore"/>: newest first, as the table reads them.</summary>
public sealed class InMemorySocialAttemptStore : ISocialAttemptStore
{
    private readonly object _gate = new();
    private readonly List<SocialDeliveryAttempt> _rows = [];

    public IReadOnlyList<SocialDeliveryAttempt> All
    {
        get
        {
            lock (_gate) return [.. _rows];
        }
    }

    public Task AddAsync(SocialDeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        lock (_gate) _rows.Add(attempt);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SocialDeliveryAttempt>> ListRecentAsync(int max, string? postId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<SocialDeliveryAttempt> rows = [.. _rows.Select((row, index) => (row, index))
                .Where(r => postId is null || r.row.PostId == postId)
                .OrderByDescending(r => r.row.AttemptedAt).ThenByDescending(r => r.index)
                .Take(max).Select(r => r.row)];
            return Task.FromResult(rows);
        }
    }
}
