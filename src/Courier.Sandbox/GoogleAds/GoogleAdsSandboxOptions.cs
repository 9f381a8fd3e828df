namespace Courier.Sandbox.GoogleAds;

/// <summary>The sandbox's Google Ads settings (section <c>GoogleAds</c>): which API versions Google no longer serves.</summary>
public sealed class GoogleAdsSandboxOptions
{
    public const string SectionName = "GoogleAds";

    /// <summary>
    /// Versions past their sunset date that Google still routes but refuses with 400 requestError UNSUPPORTED_VERSION
    /// ("Version v21 is deprecated."). Comma-separated; a range is written v19-v22.
    /// </summary>
    public string SunsetVersions { get; set; } = "v19,v20,v21,v22";

    /// <summary>Versions whose routes are gone: Google's front end answers 404 with an HTML page, not JSON.</summary>
    public string RetiredVersions { get; set; } = "v1-v18";
}
