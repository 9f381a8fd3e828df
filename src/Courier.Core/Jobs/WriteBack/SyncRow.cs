namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// What Courier knows of one record's row: the row number it last wrote (a hint; the key column is the truth), whether the
/// row is marked DELETED, and which change it last applied, so an older change retried later never overwrites a newer one.
/// </summary>
/// <param name="AppliedAt">When the last applied change was queued.</param>
/// <param name="AppliedItemId">The queue item of that change (orders two changes queued at the same instant).</param>
/// <param name="Version">The store's concurrency token; null for a row not stored yet. Saves are conditional on it.</param>
public sealed record SyncRow(string Model, string RecordId, int Row, bool Deleted, DateTimeOffset AppliedAt, string AppliedItemId, DateTimeOffset UpdatedAt, string? Version = null)
{
    /// <summary>True when a change queued at <paramref name="queuedAt"/> as <paramref name="itemId"/> is older than the one this row shows.</summary>
    public bool IsNewerThan(DateTimeOffset queuedAt, string itemId) =>
        AppliedAt > queuedAt || (AppliedAt == queuedAt && string.CompareOrdinal(AppliedItemId, itemId) > 0);
}
