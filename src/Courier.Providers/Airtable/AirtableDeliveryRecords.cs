using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.PartnerDelivery;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Airtable;

/// <summary>
/// The partner delivery job's <see cref="IDeliveryRecords"/> over <see cref="IAirtableClient"/>. The token is
/// <c>Airtable:AccessToken</c> when set, else the site's <c>airtable</c> credentials from the vault, read once per run.
/// </summary>
public sealed class AirtableDeliveryRecords(IAirtableClient client, IOptions<AirtableOptions> options, ProviderCredentialsService vault, string siteId) : IDeliveryRecords
{
    private Task<AirtableCredentials>? credentials;

    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string baseId, string table, string formula, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        var records = await client.ListAsync(await CredentialsAsync(cancellationToken).ConfigureAwait(false), baseId, table, formula, fields, cancellationToken).ConfigureAwait(false);
        return [.. records.Select(r => new DeliveryRecord(r.Id, r.Fields))];
    }

    public async Task UpdateAsync(string baseId, string table, IReadOnlyList<DeliveryRecordUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await client.UpdateAsync(
            await CredentialsAsync(cancellationToken).ConfigureAwait(false), baseId, table, [.. updates.Select(u => new AirtableRecordUpdate(u.Id, u.Fields))], cancellationToken).ConfigureAwait(false);
    }

    private Task<AirtableCredentials> CredentialsAsync(CancellationToken cancellationToken) => credentials ??= ResolveAsync(cancellationToken);

    private async Task<AirtableCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AccessToken is { Length: > 0 } token)
        {
            return new AirtableCredentials(token);
        }

        try
        {
            return AirtableCredentials.From(await vault.GetAsync(siteId, AirtableCredentialSchema.ProviderKey, cancellationToken).ConfigureAwait(false));
        }
        catch (CredentialsUnavailableException e)
        {
            throw new ProviderException(ProviderError.Permanent("credentials_unavailable", $"No Airtable token: set Airtable:AccessToken or seed {siteId}/airtable ({e.Message}).")
                with { HoldReason = "CREDENTIALS_UNAVAILABLE" });
        }
    }
}
