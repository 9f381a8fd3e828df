using Courier.Core.Circuits;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="ICircuitStore"/> with the same conditional-write rules as the Table adapter.</summary>
public sealed class InMemoryCircuitStore : ICircuitStore
{
    private readonly object _gate = new();
    private readonly Dictionary<CircuitKey, CircuitRecord> _rows = new();
    private long _version;

    public Task<CircuitRecord?> GetAsync(CircuitKey key, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_rows.GetValueOrDefault(key));
    }

    public Task<bool> TryWriteAsync(CircuitRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var exists = _rows.TryGetValue(record.Key, out var stored);
            if (record.Version is null ? exists : !exists || stored!.Version != record.Version) return Task.FromResult(false);
            _rows[record.Key] = record with { Version = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<CircuitRecord>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<CircuitRecord>>(_rows.Values.ToList());
    }
}
