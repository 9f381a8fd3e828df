namespace Courier.Core.Jobs.WriteBack;

/// <summary>What a queued change does to its record's row (spec §5.5).</summary>
public enum SyncAction
{
    /// <summary>Appends a row for the record (or, when the key column already holds it, writes that row in place).</summary>
    Create,

    /// <summary>Writes the record's row in place (appending it when the sheet has none yet).</summary>
    Update,

    /// <summary>Clears the row's writable cells and writes the DELETED marker; the row itself is never removed.</summary>
    Delete,
}
