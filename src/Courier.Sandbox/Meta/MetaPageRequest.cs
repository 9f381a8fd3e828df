namespace Courier.Sandbox.Meta;

/// <summary>Body of <c>POST /_sandbox/meta/pages</c>: a page, its Page token, and optionally the Instagram account linked to it.</summary>
public sealed record MetaPageRequest(string? PageId, string? AccessToken, string? InstagramUserId, string? Name);
