namespace Courier.Providers.GoogleAds;

/// <summary>Uploads offline click conversions to Google Ads; the seam the conversions job's adapter and its tests use.</summary>
public interface IGoogleAdsConversionClient
{
    /// <summary>The API version path segment the client calls (the <c>GoogleAds:ApiVersion</c> setting).</summary>
    string ApiVersion { get; }

    /// <summary>
    /// Uploads up to 2000 rows in one request with partial failure on. Returns one outcome per row in input order; throws
    /// <see cref="Courier.Core.Errors.ProviderException"/> when the whole request fails (with <see cref="Courier.Core.Errors.ProviderError.HoldReason"/> set when the failure is about the account or the API version, see <see cref="GoogleAdsAccountReasons"/>) and <see cref="ArgumentException"/> for more than 2000 rows.
    /// </summary>
    Task<ConversionUploadResult> UploadClickConversionsAsync(GoogleAdsCredentials credentials, IReadOnlyList<ClickConversion> rows, CancellationToken cancellationToken);
}
