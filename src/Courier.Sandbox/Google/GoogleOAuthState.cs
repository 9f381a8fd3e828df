using System.Collections.Concurrent;
using System.Security.Cryptography;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Google;

/// <summary>Access tokens the sandbox's token endpoint has issued, with their expiry, the principal they act for and their scopes.</summary>
public sealed class GoogleOAuthState(TimeProvider time) : ISandboxState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3599);

    private readonly ConcurrentDictionary<string, IssuedToken> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> revokedRefreshTokens = new(StringComparer.Ordinal);

    /// <param name="principal">Who the token acts for (a service account's email, or the OAuth client id); per-user quotas count by it.</param>
    /// <param name="scope">The granted scopes, space-separated.</param>
    public string Issue(string principal, string scope)
    {
        var token = "ya29.sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        tokens[token] = new IssuedToken(time.GetUtcNow() + Lifetime, principal, scope);
        return token;
    }

    public bool IsValid(string token) => Find(token) is not null;

    /// <summary>Every access token issued since the last reset (for tests that check no token leaks into logs or storage).</summary>
    public IReadOnlyCollection<string> Issued => [.. tokens.Keys];

    /// <summary>The unexpired token's grant, or null when the token was never issued, has expired or was revoked.</summary>
    public IssuedToken? Find(string token) => tokens.TryGetValue(token, out var issued) && time.GetUtcNow() < issued.Expires ? issued : null;

    /// <summary>Forgets every issued token, so the next API call with a cached one gets 401 (tests of refresh-on-401).</summary>
    public void RevokeAll() => tokens.Clear();

    /// <summary>Makes one refresh token one Google no longer honours: the token endpoint answers invalid_grant for it from now on.</summary>
    public void RevokeRefreshToken(string refreshToken) => revokedRefreshTokens[refreshToken] = true;

    public bool IsRevoked(string refreshToken) => revokedRefreshTokens.ContainsKey(refreshToken);

    public void Reset()
    {
        tokens.Clear();
        revokedRefreshTokens.Clear();
    }
}
