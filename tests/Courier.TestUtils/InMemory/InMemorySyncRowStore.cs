using Courier.Core.Jobs.WriteBack;

namespace Courier.TestUtils.InMemory;

/// <summary><see cref="ISyncRowStore"/> in memory, with the table adapter's rules: adds only when absent, replaces only on the version read.</summary>
public sealed class InMemorySyncRowStore : ISyncRowStore
{
    private readonly Dictionary<(string Model, string RecordId), SyncRow> _rows = [];
    private long _version;

    public Task<IReadOnlyDictionary<string, SyncRow>> GetAsync(string model, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            IReadOnlyDictionary<string, SyncRow> found = recordIds.Distinct(StringComparer.Ordinal)
                .Where(id => _rows.ContainsKey((model, id)))
                .ToDictionary(id => id, id => _rows[(model, id)], StringComparer.Ordinal);
            return Task.FromResult(found);
        }
    }

    public Task<int> SaveAsync(IReadOnlyList<SyncRow> rows, CancellationToken cancellationToken)
    {
        var saved = 0;
        lock (_rows)
        {
            foreach (var row in rows)
            {
                var exists = _rows.TryGetValue((row.Model, row.RecordId), out var current);
                if (row.Version is null ? exists : !exists || current!.Version != row.Version) continue;
                _rows[(row.Model, row.RecordId)] = row with { Version = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                saved++;
            }
        }

        return Task.FromResult(saved);
    }
}
