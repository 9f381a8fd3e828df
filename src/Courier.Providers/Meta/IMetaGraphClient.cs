namespace Courier.Providers.Meta;

/// <summary>
/// The Graph calls of Facebook Page and Instagram publishing, with a connection's Page token passed per call (sent as
/// <c>Authorization: Bearer</c>, never in a URL). Every failure is a <see cref="Courier.Core.Errors.ProviderException"/>
/// classified once by <see cref="MetaErrorClassifier"/>; a publish whose answer was lost is <c>UnknownOutcome</c>.
/// </summary>
public interface IMetaGraphClient
{
    /// <summary>The Graph version in every path (<c>Meta:ApiVersion</c>).</summary>
    string ApiVersion { get; }

    /// <summary><c>POST /{page}/feed</c> with <c>message</c>.</summary>
    Task<MetaResponse<MetaPublishedPost>> PublishFeedAsync(MetaCredentials credentials, string pageId, string message, CancellationToken cancellationToken);

    /// <summary><c>POST /{page}/photos</c> with <c>url</c> and <c>message</c>.</summary>
    Task<MetaResponse<MetaPublishedPost>> PublishPhotoAsync(MetaCredentials credentials, string pageId, string imageUrl, string message, CancellationToken cancellationToken);

    /// <summary><c>POST /{ig-user}/media</c> with <c>image_url</c> and <c>caption</c>; returns the container id.</summary>
    Task<MetaResponse<string>> CreateContainerAsync(MetaCredentials credentials, string instagramUserId, string imageUrl, string caption, CancellationToken cancellationToken);

    /// <summary><c>GET /{container}?fields=status_code,status</c>.</summary>
    Task<MetaResponse<MetaContainerStatus>> GetContainerStatusAsync(MetaCredentials credentials, string containerId, CancellationToken cancellationToken);

    /// <summary><c>POST /{ig-user}/media_publish</c> with <c>creation_id</c>; returns the media id.</summary>
    Task<MetaResponse<MetaPublishedPost>> PublishContainerAsync(MetaCredentials credentials, string instagramUserId, string containerId, CancellationToken cancellationToken);

    /// <summary><c>GET /{post}?fields=permalink_url</c> (Facebook) or <c>?fields=permalink</c> (Instagram).</summary>
    Task<MetaResponse<string>> GetPermalinkAsync(MetaCredentials credentials, string objectId, bool instagram, CancellationToken cancellationToken);

    /// <summary>The page's newest posts (<c>GET /{page}/posts?fields=id,message,permalink_url</c>), for reconciling by a marker.</summary>
    Task<MetaResponse<IReadOnlyList<MetaRecentPost>>> GetRecentPagePostsAsync(MetaCredentials credentials, string pageId, int limit, CancellationToken cancellationToken);

    /// <summary>The Instagram account's newest media (<c>GET /{ig-user}/media?fields=id,caption,permalink</c>).</summary>
    Task<MetaResponse<IReadOnlyList<MetaRecentPost>>> GetRecentMediaAsync(MetaCredentials credentials, string instagramUserId, int limit, CancellationToken cancellationToken);

    /// <summary><c>GET /{ig-user}/content_publishing_limit?fields=config,quota_usage</c>.</summary>
    Task<MetaResponse<MetaPublishingLimit>> GetPublishingLimitAsync(MetaCredentials credentials, string instagramUserId, CancellationToken cancellationToken);
}
