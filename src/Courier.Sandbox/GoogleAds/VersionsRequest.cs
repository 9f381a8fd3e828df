namespace Courier.Sandbox.GoogleAds;

/// <summary>Body of <c>POST /_sandbox/google-ads/versions</c>: version lists such as "v19-v22"; null leaves a list as it is.</summary>
public sealed record VersionsRequest(string? Sunset, string? Retired);
