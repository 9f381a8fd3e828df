using Courier.Core.Jobs.Conversions;
using CoreOutcome = Courier.Core.Jobs.Conversions.ConversionRowOutcome;

namespace Courier.Providers.GoogleAds;

/// <summary>Adapts the Google Ads REST client to Core's <see cref="IConversionUploader"/> port.</summary>
public sealed class GoogleAdsConversionUploader(IGoogleAdsConversionClient client) : IConversionUploader
{
    public async Task<IReadOnlyList<CoreOutcome>> UploadAsync(GoogleAdsAccount account, IReadOnlyList<ConversionPayload> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rows);
        var credentials = new GoogleAdsCredentials(
            account.CustomerId, account.DeveloperToken, account.ClientId, account.ClientSecret, account.RefreshToken,
            account.ConversionActionResourceName, account.LoginCustomerId);
        var result = await client.UploadClickConversionsAsync(credentials, rows.Select(ToWire).ToList(), cancellationToken).ConfigureAwait(false);
        var outcomes = new CoreOutcome[rows.Count];
        foreach (var row in result.Rows)
        {
            outcomes[row.Index] = row.Status switch
            {
                ConversionRowStatus.Accepted => CoreOutcome.Ok,
                ConversionRowStatus.AlreadyUploaded => CoreOutcome.Duplicate,
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
    };
}
