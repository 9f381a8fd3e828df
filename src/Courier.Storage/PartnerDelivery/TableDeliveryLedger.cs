using Azure;
using Azure.Data.Tables;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Storage.Tables;

namespace Courier.Storage.PartnerDelivery;

/// <summary>
/// <see cref="IDeliveryLedger"/> on table <c>{prefix}PartnerDeliveries</c>: PartitionKey the Airtable base, RowKey the record id.
/// Insert is an Add (409 = lost), replace an Update on the ETag (412 = lost).
/// </summary>
public sealed class TableDeliveryLedger : IDeliveryLedger
{
    private readonly CourierTables _tables;

    public TableDeliveryLedger(CourierTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    public async Task<DeliveryLedgerEntry?> GetAsync(string baseId, string recordId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(SiteProviderKeys.Partition(baseId), SiteProviderKeys.Row(recordId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? Read(baseId, recordId, response.Value!) : null;
    }

    public async Task<string?> TryWriteAsync(DeliveryLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(SiteProviderKeys.Partition(entry.BaseId), SiteProviderKeys.Row(entry.RecordId))
        {
            ["base_id"] = entry.BaseId,
            ["record_id"] = entry.RecordId,
            ["state"] = entry.State.ToString(),
            ["fingerprint"] = entry.Fingerprint,
            ["delivered_is_folder"] = entry.DeliveredIsFolder,
            ["copied_items"] = entry.CopiedItems,
            ["updated_at"] = entry.UpdatedAt,
        };
        if (entry.SourceId is not null) entity["source_id"] = entry.SourceId;
        if (entry.DestinationId is not null) entity["destination_id"] = entry.DestinationId;
        if (entry.DeliveredUrl is not null) entity["delivered_url"] = entry.DeliveredUrl;
        TableText.Write(entity, "error", entry.Error);
        EntitySize.EnsureStorable(entity, $"delivery ledger row of {entry.BaseId}/{entry.RecordId}");
        try
        {
            var response = entry.Version is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(entry.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the table service answered without an ETag");
        }
        catch (RequestFailedException ex) when (TableTransactionRunner.IsLostRace(ex.Status))
        {
            return null;
        }
    }

    private static DeliveryLedgerEntry Read(string baseId, string recordId, TableEntity entity) => new(
        baseId,
        recordId,
        Enum.TryParse<DeliveryState>(TableValues.String(entity, "state"), out var state) ? state : DeliveryState.Copying,
        TableValues.String(entity, "fingerprint") ?? "",
        TableValues.String(entity, "source_id"),
        TableValues.String(entity, "destination_id"),
        TableValues.String(entity, "delivered_url"),
        TableValues.Bool(entity, "delivered_is_folder") ?? false,
        TableValues.Int(entity, "copied_items") ?? 0,
        TableText.Read(entity, "error", out _),
        TableValues.Time(entity, "updated_at") ?? DateTimeOffset.UnixEpoch,
        entity.ETag.ToString());

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.PartnerDeliveries, cancellationToken);
}
