using System.Collections.Concurrent;
using System.Security.Cryptography;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Google;

/// <summary>Access tokens the sandbox's token endpoint has issued, with their expiry.</summary>
public sealed class GoogleOAuthState(TimeProvider time) : ISandboxState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3599);

    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> revokedRefreshTokens = new(StringComparer.Ordinal);

    public string Issue()
    {
        var token = "ya29.sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        tokens[token] = time.GetUtcNow() + Lifetime;
        return token;
    }

    public bool IsValid(string token) => tokens.TryGetValue(token, out var expires) && time.GetUtcNow() < expires;

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
