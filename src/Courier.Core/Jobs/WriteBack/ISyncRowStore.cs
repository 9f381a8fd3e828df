namespace Courier.Core.Jobs.WriteBack;

/// <summary>Port: the <c>SyncRows</c> table, one row per record written. Saves are conditional on <see cref="SyncRow.Version"/>.</summary>
public interface ISyncRowStore
{
    /// <summary>The stored rows of the given records of <paramref name="model"/> (records never written are absent).</summary>
    Task<IReadOnlyDictionary<string, SyncRow>> GetAsync(string model, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken);

    /// <summary>
    /// Adds rows without a version and replaces rows whose version still matches; returns how many were saved. A row another
    /// writer changed first is left as that writer put it (counted out, not thrown). A storage failure throws.
    /// </summary>
    Task<int> SaveAsync(IReadOnlyList<SyncRow> rows, CancellationToken cancellationToken);
}
