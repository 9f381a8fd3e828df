using Courier.Core.Credentials;
using Courier.Core.Jobs.Conversions;
using CoreOutcome = Courier.Core.Jobs.Conversions.ConversionRowOutcome;

namespace Courier.Providers.GoogleAds;

/// <summary>Adapts the Google Ads REST client to Core's <see cref="IConversionUploader"/> port.</summary>
public sealed class GoogleAdsConversionUploader(IGoogleAdsConversionClient client) : IConversionUploader
{
    public string ProviderKey => GoogleAdsCredentialSchema.ProviderKey;

    public string? ApiVersion => client.ApiVersion;

    public async Task<IReadOnlyList<CoreOutcome>> UploadAsync(SiteCredentials credentials, IReadOnlyList<ConversionPayload> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rows);
        var result = await client.UploadClickConversionsAsync(GoogleAdsCredentials.From(credentials), rows.Select(ToWire).ToList(), cancellationToken).ConfigureAwait(false);
        var outcomes = new CoreOutcome[rows.Count];
        foreach (var row in result.Rows)
        {
            outcomes[row.Index] = row.Status switch
            {
                ConversionRowStatus.Accepted => CoreOutcome.Ok,
                ConversionRowStatus.AlreadyUploaded => CoreOutcome.DuplicateOf(row.Error),
                _ => CoreOutcome.Rejected(row.Error!),
            };
        }

        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is null) throw new InvalidOperationException($"Google Ads returned no outcome for row {i} of {rows.Count}");
        }

        return outcomes;
    }

    private static ClickConversion ToWire(ConversionPayload p) => new()
    {
        Gclid = p.ClickIdKind == ClickIdKind.Gclid ? p.ClickId : null,
        Gbraid = p.ClickIdKind == ClickIdKind.Gbraid ? p.ClickId : null,
        Wbraid = p.ClickIdKind == ClickIdKind.Wbraid ? p.ClickId : null,
        ConversionDateTime = p.ConversionDateTime,
        Value = p.Value,
        Currency = p.Currency,
        OrderId = p.OrderId,
        ConsentAdUserData = p.Consent?.AdUserData,
        ConsentAdPersonalization = p.Consent?.AdPersonalization,
    };
}
