namespace Courier.Providers.GoogleAds;

/// <summary>Where and how the Google Ads client calls (section <c>GoogleAds</c>); point the URLs at the sandbox for tests and local runs.</summary>
public sealed class GoogleAdsOptions
{
    public const string SectionName = "GoogleAds";

    public string BaseUrl { get; set; } = "https://googleads.googleapis.com";

    /// <summary>The API version path segment; Google sunsets a version about a year after release, so this is a setting, not a constant.</summary>
    public string ApiVersion { get; set; } = "v26";

    public string TokenUrl { get; set; } = "https://oauth2.googleapis.com/token";

    /// <summary>Per-attempt limit of an upload request (up to 2000 conversions).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
