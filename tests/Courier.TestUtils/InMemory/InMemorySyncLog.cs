using Courier.Core.Jobs.WriteBack;

namespace Courier.TestUtils.InMemory;

/// <summary><see cref="ISyncLog"/> in memory, newest first.</summary>
public sealed class InMemorySyncLog : ISyncLog
{
    private readonly List<SyncLogEntry> _entries = [];

    public IReadOnlyList<SyncLogEntry> All
    {
        get
        {
            lock (_entries) return _entries.ToList();
        }
    }

    public Task AddAsync(IReadOnlyList<SyncLogEntry> entries, CancellationToken cancellationToken)
    {
        lock (_entries) _entries.AddRange(entries);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SyncLogEntry>> RecentAsync(int max, bool failedOnly, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            IReadOnlyList<SyncLogEntry> recent = _entries.Where(e => !failedOnly || !e.Ok).Reverse().OrderByDescending(e => e.At).Take(max).ToList();
            return Task.FromResult(recent);
        }
    }

    public Task<int> PruneAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            var old = _entries.Where(e => e.At < before).Take(max).ToList();
            foreach (var entry in old) _entries.Remove(entry);
            return Task.FromResult(old.Count);
        }
    }
}
