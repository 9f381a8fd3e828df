namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// The job's port to Airtable: formula listings and batched updates of one base. Failures are
/// <see cref="Courier.Core.Errors.ProviderException"/>s, classified by the adapter.
/// </summary>
public interface IDeliveryRecords
{
    /// <summary>Every record of <paramref name="table"/> matching <paramref name="formula"/>, with only <paramref name="fields"/>.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListAsync(string baseId, string table, string formula, IReadOnlyList<string> fields, CancellationToken cancellationToken);

    /// <summary>Updates at most <see cref="MaxPerUpdate"/> records in one request.</summary>
    Task UpdateAsync(string baseId, string table, IReadOnlyList<DeliveryRecordUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Airtable's limit of records per update request.</summary>
    public const int MaxPerUpdate = 10;
}
