namespace Courier.Providers.Meta;

/// <summary>One of a page's (or Instagram account's) recent posts: id, text (<c>message</c> or <c>caption</c>), permalink.</summary>
public sealed record MetaRecentPost(string Id, string? Text, string? Permalink);
