namespace Courier.Core.Jobs.Social;

/// <summary>Port: where <see cref="SocialDeliveryAttempt"/> rows are kept, newest first.</summary>
public interface ISocialAttemptStore
{
    Task AddAsync(SocialDeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>The newest attempts, at most <paramref name="max"/>, of one post when <paramref name="postId"/> is given.</summary>
    Task<IReadOnlyList<SocialDeliveryAttempt>> ListRecentAsync(int max, string? postId, CancellationToken cancellationToken);
}
