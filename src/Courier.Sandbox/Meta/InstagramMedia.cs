namespace Courier.Sandbox.Meta;

/// <summary>A published Instagram post (what <c>media_publish</c> returns the id of).</summary>
internal sealed record InstagramMedia(string Id, string InstagramUserId, string ContainerId, string? Caption, string Shortcode, DateTimeOffset Timestamp)
{
    public string Permalink => $"https://www.instagram.com/p/{Shortcode}/";
}
