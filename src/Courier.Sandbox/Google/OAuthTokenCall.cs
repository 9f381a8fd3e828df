namespace Courier.Sandbox.Google;

/// <summary>Ledger entry (<c>oauth.token</c>) of one token request; never holds the client secret, refresh token, assertion or issued token.</summary>
/// <param name="ServiceAccount">For a JWT-bearer grant: the assertion's <c>iss</c> (the service account's email), when it could be read.</param>
public sealed record OAuthTokenCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string GrantType,
    string ClientId,
    int Status,
    string? Error,
    string? Fault,
    string? ServiceAccount = null);
