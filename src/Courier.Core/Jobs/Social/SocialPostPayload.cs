namespace Courier.Core.Jobs.Social;

/// <summary>A scheduled post as queued (the social queue item's payload).</summary>
/// <param name="PostId">The queue item id: the caller's <c>id</c>, or one derived from the post's content, connection and time.</param>
/// <param name="ConnectionId">The connection (page or IG account with its encrypted token); null = none, a simulated publish where enabled.</param>
/// <param name="ImageUrl">A public image URL; required for Instagram, makes a Facebook post a photo.</param>
/// <param name="ScheduledAt">When to publish, with the offset the caller gave.</param>
public sealed record SocialPostPayload(string PostId, SocialPlatform Platform, string? ConnectionId, string Content, string? ImageUrl, DateTimeOffset ScheduledAt);
