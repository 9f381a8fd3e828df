namespace Courier.Core.Jobs.Social;

/// <summary>A container's status, the provider's detail text (for ERROR) and the rate-limit usage the call reported.</summary>
public sealed record SocialContainerState(SocialContainerStatus Status, string? Detail, int UsagePercent = 0);
