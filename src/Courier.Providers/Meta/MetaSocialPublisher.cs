using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.Social;

namespace Courier.Providers.Meta;

/// <summary>Adapts the Meta Graph client to Core's <see cref="ISocialPublisher"/> port: the connection's Page token and account ids come from the vault per call.</summary>
public sealed class MetaSocialPublisher(IMetaGraphClient client) : ISocialPublisher
{
    /// <summary>Recent posts searched for a marker; a lost answer is reconciled within the same run, so the post is among the newest.</summary>
    public const int ReconcileLookback = 25;

    public string ProviderKey => MetaCredentialSchema.ProviderKey;

    public async Task<SocialPublication> PublishFacebookAsync(SiteCredentials connection, string message, string? imageUrl, CancellationToken cancellationToken)
    {
        var (credentials, pageId) = (Token(connection), Account(connection, MetaCredentialSchema.PageId, "Facebook"));
        var published = imageUrl is null
            ? await client.PublishFeedAsync(credentials, pageId, message, cancellationToken).ConfigureAwait(false)
            : await client.PublishPhotoAsync(credentials, pageId, imageUrl, message, cancellationToken).ConfigureAwait(false);
        var permalink = await PermalinkAsync(credentials, published.Value.PostId, instagram: false, cancellationToken).ConfigureAwait(false);
        return new SocialPublication(published.Value.PostId, permalink.Url, Math.Max(published.Usage.MaxPercent, permalink.Usage));
    }

    public async Task<string> CreateInstagramContainerAsync(SiteCredentials connection, string imageUrl, string caption, CancellationToken cancellationToken)
    {
        var created = await client.CreateContainerAsync(Token(connection), Account(connection, MetaCredentialSchema.InstagramUserId, "Instagram"), imageUrl, caption, cancellationToken).ConfigureAwait(false);
        return created.Value;
    }

    public async Task<SocialContainerState> GetInstagramContainerAsync(SiteCredentials connection, string containerId, CancellationToken cancellationToken)
    {
        var status = await client.GetContainerStatusAsync(Token(connection), containerId, cancellationToken).ConfigureAwait(false);
        var state = status.Value.StatusCode switch
        {
            MetaContainerStatus.Finished => SocialContainerStatus.Finished,
            MetaContainerStatus.Published => SocialContainerStatus.Published,
            MetaContainerStatus.Error => SocialContainerStatus.Error,
            MetaContainerStatus.Expired => SocialContainerStatus.Expired,
            _ => SocialContainerStatus.InProgress,
        };
        return new SocialContainerState(state, status.Value.Status, status.Usage.MaxPercent);
    }

    public async Task<SocialPublication> PublishInstagramAsync(SiteCredentials connection, string containerId, CancellationToken cancellationToken)
    {
        var credentials = Token(connection);
        var published = await client.PublishContainerAsync(credentials, Account(connection, MetaCredentialSchema.InstagramUserId, "Instagram"), containerId, cancellationToken).ConfigureAwait(false);
        var permalink = await PermalinkAsync(credentials, published.Value.PostId, instagram: true, cancellationToken).ConfigureAwait(false);
        return new SocialPublication(published.Value.PostId, permalink.Url, Math.Max(published.Usage.MaxPercent, permalink.Usage));
    }

    public async Task<SocialPublication?> FindPublishedAsync(SiteCredentials connection, SocialPlatform platform, string marker, CancellationToken cancellationToken)
    {
        var credentials = Token(connection);
        var recent = platform == SocialPlatform.Facebook
            ? await client.GetRecentPagePostsAsync(credentials, Account(connection, MetaCredentialSchema.PageId, "Facebook"), ReconcileLookback, cancellationToken).ConfigureAwait(false)
            : await client.GetRecentMediaAsync(credentials, Account(connection, MetaCredentialSchema.InstagramUserId, "Instagram"), ReconcileLookback, cancellationToken).ConfigureAwait(false);
        var found = recent.Value.FirstOrDefault(p => p.Text?.Contains(marker, StringComparison.Ordinal) == true);
        return found is null ? null : new SocialPublication(found.Id, found.Permalink, recent.Usage.MaxPercent);
    }

    /// <summary>The permalink of a post that is already out; a failure to read it must not fail the post, so it is then null.</summary>
    private async Task<(string? Url, int Usage)> PermalinkAsync(MetaCredentials credentials, string postId, bool instagram, CancellationToken cancellationToken)
    {
        try
        {
            var permalink = await client.GetPermalinkAsync(credentials, postId, instagram, cancellationToken).ConfigureAwait(false);
            return (permalink.Value, permalink.Usage.MaxPercent);
        }
        catch (ProviderException)
        {
            return (null, 0);
        }
    }

    private static MetaCredentials Token(SiteCredentials connection) => MetaCredentials.From(connection);

    private static string Account(SiteCredentials connection, string field, string platform) =>
        connection.GetOptional(field)
        ?? throw new ProviderException(ProviderError.Permanent("CONNECTION_INCOMPLETE", $"the connection has no {field}, needed for {platform} posts"));
}
