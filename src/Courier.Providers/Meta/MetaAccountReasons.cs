namespace Courier.Providers.Meta;

/// <summary>
/// Hold reasons the Meta client sets on <see cref="Courier.Core.Errors.ProviderError.HoldReason"/> when a failure concerns the
/// connection's token or permissions rather than the post: every other post of that page would fail the same way.
/// </summary>
public static class MetaAccountReasons
{
    /// <summary>190 (token invalid or expired), 102 (session), 104 (no token): the page must be re-connected.</summary>
    public const string TokenRejected = "TOKEN_REJECTED";

    /// <summary>10, 3 and 200–299: the token lacks a permission (pages_manage_posts, instagram_content_publish, …).</summary>
    public const string PermissionDenied = "PERMISSION_DENIED";
}
