namespace Courier.Providers.Airtable;

/// <summary>
/// Airtable's records API for one token. Requests to a base are paced to its 5-a-second limit; every failure is a
/// <see cref="Courier.Core.Errors.ProviderException"/> classified once here (token and base refusals carry a hold reason).
/// </summary>
public interface IAirtableClient
{
    /// <summary>Every record of <paramref name="table"/> matching <paramref name="formula"/> (all when null), with only <paramref name="fields"/> (all when null), page by page.</summary>
    Task<IReadOnlyList<AirtableRecord>> ListAsync(
        AirtableCredentials credentials, string baseId, string table, string? formula, IReadOnlyList<string>? fields, CancellationToken cancellationToken);

    /// <summary>PATCH of at most <see cref="AirtableClient.MaxRecordsPerUpdate"/> records (typecast on); returns the records as Airtable answered them.</summary>
    Task<IReadOnlyList<AirtableRecord>> UpdateAsync(
        AirtableCredentials credentials, string baseId, string table, IReadOnlyList<AirtableRecordUpdate> updates, CancellationToken cancellationToken);
}
