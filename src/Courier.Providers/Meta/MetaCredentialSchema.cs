using Courier.Core.Credentials;

namespace Courier.Providers.Meta;

/// <summary>What a social connection stores for Meta, registered by <c>AddMetaProvider</c>: the Page access token (secret) and the account ids.</summary>
/// <remarks>A Page token also acts for the Instagram professional account linked to that page, so one field serves both platforms.</remarks>
public static class MetaCredentialSchema
{
    public const string ProviderKey = "meta";

    public const string AccessToken = "access_token";

    /// <summary>The Facebook Page the token belongs to (not secret).</summary>
    public const string PageId = "page_id";

    /// <summary>The Instagram professional account linked to that page, for Instagram posts (not secret).</summary>
    public const string InstagramUserId = "instagram_user_id";

    public static CredentialSchema Schema { get; } = new(
        ProviderKey, [CredentialField.RequiredSecret(AccessToken), CredentialField.Optional(PageId), CredentialField.Optional(InstagramUserId)]);
}
