namespace Courier.Sandbox.Google;

/// <summary>Ledger entry (<c>oauth.token</c>) of one token request; never holds the client secret, refresh token or issued token.</summary>
public sealed record OAuthTokenCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string GrantType,
    string ClientId,
    int Status,
    string? Error,
    string? Fault);
