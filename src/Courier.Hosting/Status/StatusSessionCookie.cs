using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Courier.Hosting.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Status;

/// <summary>
/// The status page's sign-in cookie: <c>expiry.nonce.mac</c>, where mac is an HMAC keyed by a key derived from
/// API_SECRET. It holds no secret; rotating API_SECRET signs every browser out.
/// </summary>
public sealed class StatusSessionCookie(IConfiguration configuration, IOptions<StatusOptions> options, TimeProvider time)
{
    public const string Name = "courier_status";
    public const string Path = "/status";

    /// <summary>Where <see cref="Issue"/> leaves the cookie it set, for the CSRF token of the page it is set with.</summary>
    private const string IssuedKey = "courier.status.session.issued";

    private readonly TimeSpan _lifetime = options.Value.SessionLifetime;

    /// <summary>Sets a fresh session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, scoped to /status.</summary>
    public void Issue(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expires = time.GetUtcNow() + _lifetime;
        var payload = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var value = payload + "." + (Mac(payload) ?? throw new InvalidOperationException("API_SECRET is not set."));
        // This request's page already carries forms: their CSRF token is bound to the cookie just set.
        context.Items[IssuedKey] = value;
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = Path,
            Expires = expires,
            IsEssential = true,
        });
    }

    /// <summary>True when the request carries an unexpired cookie signed with the current API_SECRET.</summary>
    public bool IsValid(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value)) return false;
        var cut = value.LastIndexOf('.');
        if (cut <= 0) return false;
        var payload = value[..cut];
        var mac = Mac(payload);
        var presented = value[(cut + 1)..];
        if (mac is null || presented.Length != mac.Length) return false;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(presented))) return false;
        var expiry = payload.Split('.')[0];
        return long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) > time.GetUtcNow();
    }

    /// <summary>
    /// The CSRF token of the request's session (the cookie it presented, or the one just issued): an HMAC of the cookie under
    /// API_SECRET, so a page's forms prove they came from a page this session was shown. Null without a session.
    /// </summary>
    public string? CsrfToken(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cookie = context.Items[IssuedKey] as string ?? (IsValid(context) ? context.Request.Cookies[Name] : null);
        return cookie is null ? null : Mac("csrf." + cookie);
    }

    /// <summary>True when the request has a valid session and <paramref name="presented"/> is its CSRF token (constant-time).</summary>
    public bool CsrfMatches(HttpContext context, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || !IsValid(context)) return false;
        var expected = Mac("csrf." + context.Request.Cookies[Name]);
        return expected is not null && expected.Length == presented.Length
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));
    }

    private string? Mac(string payload)
    {
        var secret = configuration[FunctionAuth.ApiSecretSetting];
        if (string.IsNullOrEmpty(secret)) return null;
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "courier-status-session-v1"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
    }
}
