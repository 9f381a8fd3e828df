namespace Courier.Sandbox.Meta;

/// <summary>A post on a page's timeline, from <c>/feed</c> or <c>/photos</c> (then <see cref="PhotoId"/> is set).</summary>
internal sealed record FacebookPost(string Id, string PageId, string? Message, string? Link, string? PhotoId, string? ImageUrl, DateTimeOffset CreatedTime)
{
    public string PermalinkUrl => $"https://www.facebook.com/{PageId}/posts/{Id[(Id.IndexOf('_', StringComparison.Ordinal) + 1)..]}";
}
