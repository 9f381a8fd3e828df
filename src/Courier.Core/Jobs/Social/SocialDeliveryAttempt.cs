namespace Courier.Core.Jobs.Social;

/// <summary>One attempt at one post, as the activity API shows it (table <c>SocialDeliveryAttempts</c>); never holds a token.</summary>
/// <param name="Outcome">posted, reconciled, simulated, waiting, retry, failed or unknown.</param>
/// <param name="ProviderPostId">The platform's post (or container) id when there is one.</param>
public sealed record SocialDeliveryAttempt(
    string PostId,
    int Attempt,
    DateTimeOffset AttemptedAt,
    SocialPlatform Platform,
    string? ConnectionId,
    string Outcome,
    string? ProviderPostId,
    string? Permalink,
    string? ErrorCode,
    string? Message,
    bool Simulated);
