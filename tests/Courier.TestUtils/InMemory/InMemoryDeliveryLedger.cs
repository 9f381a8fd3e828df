using System.Globalization;
using Courier.Core.Jobs.PartnerDelivery;

namespace Courier.TestUtils.InMemory;

/// <summary>An in-memory <see cref="IDeliveryLedger"/> with the same conditional-write rules as the Table adapter.</summary>
public sealed class InMemoryDeliveryLedger : IDeliveryLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<(string, string), DeliveryLedgerEntry> _rows = new();
    private long _version;

    public Task<DeliveryLedgerEntry?> GetAsync(string baseId, string recordId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_rows.GetValueOrDefault((baseId, recordId)));
    }

    public Task<string?> TryWriteAsync(DeliveryLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            var key = (entry.BaseId, entry.RecordId);
            var exists = _rows.TryGetValue(key, out var stored);
            if (entry.Version is null ? exists : !exists || stored!.Version != entry.Version) return Task.FromResult<string?>(null);
            var version = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[key] = entry with { Version = version };
            return Task.FromResult<string?>(version);
        }
    }

    /// <summary>Every row, for assertions.</summary>
    public IReadOnlyList<DeliveryLedgerEntry> All()
    {
        lock (_gate) return [.. _rows.Values];
    }
}
