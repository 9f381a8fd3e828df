using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Tests.Credentials;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>
/// A scripted <see cref="IConversionUploader"/>: records every call; a site's requests can be made to fail as a whole
/// (<see cref="FailRequestsOf"/>), and single rows answered by sale id; other rows are accepted.
/// </summary>
internal sealed class ScriptedConversionUploader : IConversionUploader
{
    private readonly Dictionary<string, ProviderError> _failingSites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConversionRowOutcome> _answers = new(StringComparer.Ordinal);

    public List<Call> Calls { get; } = [];

    public string ProviderKey => TestCredentials.GoogleAdsKey;

    public string? ApiVersion { get; set; } = "v1";

    public void FailRequestsOf(string siteId, ProviderError error) => _failingSites[siteId] = error;

    public void Heal(string siteId) => _failingSites.Remove(siteId);

    public void Answer(string saleId, ConversionRowOutcome outcome) => _answers[saleId] = outcome;

    public List<Call> CallsFor(string siteId) => Calls.Where(c => c.SiteId == siteId).ToList();

    public Task<IReadOnlyList<ConversionRowOutcome>> UploadAsync(SiteCredentials credentials, IReadOnlyList<ConversionPayload> rows, CancellationToken cancellationToken)
    {
        // The port's contract: one customer per request, at most 2000 rows.
        if (rows.Count is 0 or > IConversionUploader.MaxRowsPerRequest) throw new InvalidOperationException($"a request of {rows.Count} rows");
        var sites = rows.Select(r => r.SiteId).Distinct().ToList();
        if (sites.Count != 1) throw new InvalidOperationException($"one request mixed sites {string.Join(", ", sites)}");
        if (credentials.SiteId != sites[0] || credentials.ProviderKey != ProviderKey) throw new InvalidOperationException($"credentials of {credentials.SiteId}/{credentials.ProviderKey} for rows of {sites[0]}");
        Calls.Add(new Call(sites[0], credentials, rows.ToList()));
        if (_failingSites.TryGetValue(sites[0], out var error)) throw new ProviderException(error);
        return Task.FromResult<IReadOnlyList<ConversionRowOutcome>>(rows.Select(r => _answers.GetValueOrDefault(r.SaleId) ?? ConversionRowOutcome.Ok).ToList());
    }

    /// <summary>One upload request as the provider would have received it.</summary>
    public sealed record Call(string SiteId, SiteCredentials Credentials, IReadOnlyList<ConversionPayload> Rows);
}
