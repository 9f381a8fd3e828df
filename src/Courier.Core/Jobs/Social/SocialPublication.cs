namespace Courier.Core.Jobs.Social;

/// <summary>A post that is on the platform: its id, permalink (null if it could not be read) and the usage the call reported.</summary>
public sealed record SocialPublication(string PostId, string? Permalink, int UsagePercent = 0);
