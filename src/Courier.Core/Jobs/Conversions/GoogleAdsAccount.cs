namespace Courier.Core.Jobs.Conversions;

/// <summary>A site's decrypted Google Ads credentials. Lives only in memory for a call; <see cref="ToString"/> never prints secrets.</summary>
public sealed record GoogleAdsAccount(
    string CustomerId,
    string DeveloperToken,
    string ClientId,
    string ClientSecret,
    string RefreshToken,
    string ConversionActionResourceName,
    string? LoginCustomerId)
{
    public override string ToString() => $"GoogleAdsAccount {{ CustomerId = {CustomerId}, ConversionAction = {ConversionActionResourceName}, secrets redacted }}";
}
