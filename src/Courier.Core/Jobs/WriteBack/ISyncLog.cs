namespace Courier.Core.Jobs.WriteBack;

/// <summary>Port: the <c>SyncLog</c> table, newest first.</summary>
public interface ISyncLog
{
    Task AddAsync(IReadOnlyList<SyncLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> entries, newest first; only failures when <paramref name="failedOnly"/>.</summary>
    Task<IReadOnlyList<SyncLogEntry>> RecentAsync(int max, bool failedOnly, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="max"/> entries written before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);
}
