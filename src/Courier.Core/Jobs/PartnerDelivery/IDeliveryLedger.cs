namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>One row per delivered record (base, record), written with conditional writes only.</summary>
public interface IDeliveryLedger
{
    Task<DeliveryLedgerEntry?> GetAsync(string baseId, string recordId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts (<see cref="DeliveryLedgerEntry.Version"/> null) or replaces the version read; returns the new version, or null when
    /// another writer got there first (a lost race changes nothing).
    /// </summary>
    Task<string?> TryWriteAsync(DeliveryLedgerEntry entry, CancellationToken cancellationToken);
}
