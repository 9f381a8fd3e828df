namespace Courier.Providers.Meta;

/// <summary>What a publish answered: the post id (feed, photos' <c>post_id</c>, IG media id) and, for photos, the photo id.</summary>
public sealed record MetaPublishedPost(string PostId, string? PhotoId = null);
