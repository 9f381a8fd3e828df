namespace Courier.Providers.GoogleAds;

/// <summary>Uploads offline click conversions to Google Ads; the seam the conversions job's adapter and its tests use.</summary>
public interface IGoogleAdsConversionClient
{
    /// <summary>
    /// Uploads up to 2000 rows in one request with partial failure on. Returns one outcome per row in input order; throws
    /// <see cref="Courier.Core.Errors.ProviderException"/> when the whole request fails and <see cref="ArgumentException"/> for more than 2000 rows.
    /// </summary>
    Task<ConversionUploadResult> UploadClickConversionsAsync(GoogleAdsCredentials credentials, IReadOnlyList<ClickConversion> rows, CancellationToken cancellationToken);
}
