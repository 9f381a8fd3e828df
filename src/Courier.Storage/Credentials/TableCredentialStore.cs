using Azure.Data.Tables;
using Courier.Core.Credentials;
using Courier.Storage.Tables;

namespace Courier.Storage.Credentials;

/// <summary>
/// <see cref="ICredentialStore"/> on table <c>{prefix}ProviderCredentials</c> (PartitionKey site, RowKey provider). It stores only
/// the vault's protected blob and key id: clear-text secrets never reach this adapter.
/// </summary>
public sealed class TableCredentialStore : ICredentialStore
{
    private readonly CourierTables _tables;

    public TableCredentialStore(CourierTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    public async Task SaveAsync(ProviderCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(SiteProviderKeys.Partition(credential.SiteId), SiteProviderKeys.Row(credential.ProviderKey))
        {
            ["site_id"] = credential.SiteId,
            ["provider_key"] = credential.ProviderKey,
            ["key_id"] = credential.KeyId,
            ["updated_at"] = credential.UpdatedAt,
        };
        TableText.Write(entity, "protected_blob", credential.ProtectedBlob);
        EntitySize.EnsureStorable(entity, $"credentials of {credential.SiteId}/{credential.ProviderKey}");
        // Seeding again replaces the credentials: the newest seed is the one to use.
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProviderCredential?> GetAsync(string siteId, string providerKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(SiteProviderKeys.Partition(siteId), SiteProviderKeys.Row(providerKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue) return null;
        var entity = response.Value!;
        var blob = TableText.Read(entity, "protected_blob", out _);
        var keyId = TableValues.String(entity, "key_id");
        // Without its blob or key id a row is useless; the vault would refuse it anyway, so report it as absent.
        if (blob is null || keyId is null) return null;
        return new ProviderCredential(siteId, providerKey, blob, keyId, TableValues.Time(entity, "updated_at") ?? DateTimeOffset.UnixEpoch);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetAsync(TableNames.ProviderCredentials, cancellationToken);
}
