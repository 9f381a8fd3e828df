using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Google;

/// <summary>
/// Reads the JWT a service account signs for the <c>urn:ietf:params:oauth:grant-type:jwt-bearer</c> grant and checks its shape as
/// Google does: RS256 header, <c>iss</c>, <c>scope</c>, <c>aud</c> = the token URL, <c>iat</c>/<c>exp</c> at most an hour apart and
/// around now. The signature is not verified (the sandbox holds no keys); an empty one is refused.
/// </summary>
internal static class ServiceAccountAssertion
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>The audience Google's own libraries put in the assertion by default.</summary>
    public const string GoogleTokenUrl = "https://oauth2.googleapis.com/token";

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The claims of an accepted assertion.</summary>
    public sealed record Claims(string Issuer, string Scope);

    /// <summary>Returns the claims, or the OAuth error and description Google answers; <paramref name="issuer"/> is set whenever the claims could be read.</summary>
    public static (Claims? Claims, string? Error, string? Description) Check(string assertion, string tokenUrl, DateTimeOffset now, out string? issuer)
    {
        issuer = null;
        var parts = assertion.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not JsonObject header || Decode(parts[1]) is not JsonObject claims)
        {
            return (null, "invalid_grant", "Invalid JWT: the assertion must be three base64url parts (header.claims.signature).");
        }

        issuer = Text(claims, "iss");
        if (Text(header, "alg") != "RS256" || parts[2].Length == 0)
        {
            return (null, "invalid_grant", "Invalid JWT Signature.");
        }

        if (issuer is null || !issuer.Contains('@', StringComparison.Ordinal))
        {
            return (null, "invalid_grant", "Invalid grant: account not found");
        }

        var audience = Text(claims, "aud");
        if (audience is null || !(SameUrl(audience, tokenUrl) || SameUrl(audience, GoogleTokenUrl)))
        {
            return (null, "invalid_grant", $"Invalid JWT: Failed audience check. The right audience is {tokenUrl}");
        }

        if (Seconds(claims, "iat") is not { } iat || Seconds(claims, "exp") is not { } exp
            || exp <= iat || exp - iat > MaxLifetime || iat > now + ClockSkew || exp < now)
        {
            return (null, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }

        var scope = Text(claims, "scope");
        if (string.IsNullOrWhiteSpace(scope))
        {
            return (null, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }

        return (new Claims(issuer, scope), null, null);
    }

    private static JsonNode? Decode(string part)
    {
        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(part));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static DateTimeOffset? Seconds(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    private static bool SameUrl(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
