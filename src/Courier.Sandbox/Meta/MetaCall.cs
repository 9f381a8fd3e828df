namespace Courier.Sandbox.Meta;

/// <summary>Ledger entry (<c>meta</c>) of one write call (feed, photos, media, media_publish), faulted or not; never holds a token.</summary>
/// <param name="Route">The route key: <c>meta.feed</c>, <c>meta.photos</c>, <c>meta.media</c> or <c>meta.mediaPublish</c>.</param>
/// <param name="Target">The page or Instagram account id in the path.</param>
/// <param name="Message">The post text (<c>message</c>, <c>caption</c>) as received.</param>
/// <param name="ObjectId">What the call made: the post id (feed, photos' <c>post_id</c>, IG media id) or the container id (media).</param>
/// <param name="Published">True when the call put a post on the page or account (feed, photos, media_publish that succeeded).</param>
/// <param name="ErrorCode">Graph's <c>error.code</c> when the call was refused.</param>
public sealed record MetaCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Route,
    string Target,
    string? Message,
    string? ImageUrl,
    string? CreationId,
    string? ObjectId,
    bool Published,
    int Status,
    int? ErrorCode,
    string? Fault);
