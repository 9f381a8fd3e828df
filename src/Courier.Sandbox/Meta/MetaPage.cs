namespace Courier.Sandbox.Meta;

/// <summary>A Facebook Page the control API registered, with its Page access token and the Instagram account linked to it.</summary>
public sealed record MetaPage(string PageId, string Name, string AccessToken, string? InstagramUserId);
