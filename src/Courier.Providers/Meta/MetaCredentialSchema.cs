using Courier.Core.Credentials;

namespace Courier.Providers.Meta;

/// <summary>What a social connection stores for Meta, registered by <c>AddMetaProvider</c>: the Page access token (secret).</summary>
/// <remarks>A Page token also acts for the Instagram professional account linked to that page, so one field serves both platforms.</remarks>
public static class MetaCredentialSchema
{
    public const string ProviderKey = "meta";

    public const string AccessToken = "access_token";

    public static CredentialSchema Schema { get; } = new(ProviderKey, [CredentialField.RequiredSecret(AccessToken)]);
}
