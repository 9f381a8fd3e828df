namespace Courier.Providers.Google;

/// <summary>What a Google OAuth refresh needs: the token endpoint and one credential set. <see cref="ToString"/> prints no secret.</summary>
public sealed record GoogleRefreshTokenGrant(Uri TokenUrl, string ClientId, string ClientSecret, string RefreshToken)
{
    public override string ToString() => $"GoogleRefreshTokenGrant {{ TokenUrl = {TokenUrl}, ClientId = {ClientId}, ClientSecret = [redacted], RefreshToken = [redacted] }}";
}
