using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Http;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Courier.Providers.Google;

/// <summary>
/// Turns a refresh token into an access token with a plain call to the token endpoint (so the endpoint can be the sandbox),
/// caching it in memory per credential set until shortly before it expires.
/// </summary>
/// <remarks>
/// The cache key is a SHA-256 of the grant, so no secret is kept as a key; the access token itself lives only in this process.
/// A singleton: it uses IHttpClientFactory with the named client <see cref="HttpClientName"/>.
/// </remarks>
public sealed class GoogleOAuthTokenSource(IHttpClientFactory httpClients, TimeProvider time, ILogger<GoogleOAuthTokenSource> logger)
{
    public const string HttpClientName = "google-oauth";

    /// <summary>Refresh this long before expiry, so a token never dies in the middle of a call.</summary>
    public static readonly TimeSpan RefreshMargin = AccessTokenCache.RefreshMargin;

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(3599);

    private readonly AccessTokenCache cache = new(time);

    /// <summary>A cached token, or a fresh one; throws <see cref="ProviderException"/> (invalid_grant and invalid_client are permanent).</summary>
    public async Task<string> GetAccessTokenAsync(GoogleRefreshTokenGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var key = KeyOf(grant);
        // One refresh per credential set at a time; the others wait and reuse its result.
        return await cache.GetAsync(key, async ct =>
        {
            var refreshed = await RefreshAsync(grant, ct).ConfigureAwait(false);
            GoogleOAuthLog.TokenRefreshed(logger, refreshed.Lifetime);
            return refreshed;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the cached token if it is still <paramref name="rejectedToken"/> (an API answered 401 with it).</summary>
    public void Invalidate(GoogleRefreshTokenGrant grant, string rejectedToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var key = KeyOf(grant);
        if (cache.Invalidate(key, rejectedToken))
        {
            GoogleOAuthLog.TokenInvalidated(logger);
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> RefreshAsync(GoogleRefreshTokenGrant grant, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, grant.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = grant.ClientId,
                ["client_secret"] = grant.ClientSecret,
                ["refresh_token"] = grant.RefreshToken,
            }),
        };

        // A refresh changes nothing at Google, so repeating it is always safe.
        request.MarkRetrySafe();

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe: true), e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Fail(Classify(response, body), null);
            }

            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var token = root.GetProperty("access_token").GetString();
                if (string.IsNullOrEmpty(token))
                {
                    throw new JsonException("empty access_token");
                }

                var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : DefaultLifetime;
                return (token, lifetime);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw Fail(ProviderError.Transient("invalid_token_response", "The token endpoint answered 200 without a usable access_token."), e);
            }
        }
    }

    private ProviderError Classify(HttpResponseMessage response, string body)
    {
        string? error = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
            {
                error = e.GetString();
            }
        }
        catch (JsonException)
        {
            // A non-JSON error page: classify on the status alone.
        }

        return (response.StatusCode, error) switch
        {
            (_, "invalid_grant") => ProviderError.Permanent("invalid_grant", "Google refused the refresh token (invalid_grant): it was revoked or expired, or belongs to another client. Seed the credentials again."),
            (_, "invalid_client") or (HttpStatusCode.Unauthorized, _) => ProviderError.Permanent("invalid_client", "Google refused the OAuth client id or secret (invalid_client)."),
            (HttpStatusCode.BadRequest, _) => ProviderError.Permanent(error ?? "http_400", $"Google refused the token request ({error ?? "HTTP 400"})."),
            _ => ProviderErrorClassifier.FromResponse(response, time, error is null ? null : $"oauth_{error}", $"The token endpoint answered HTTP {(int)response.StatusCode}."),
        };
    }

    private ProviderException Fail(ProviderError error, Exception? inner)
    {
        GoogleOAuthLog.TokenFailed(logger, error.Class, error.Code);
        return new ProviderException(error, inner);
    }

    private static string KeyOf(GoogleRefreshTokenGrant grant) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{grant.TokenUrl}\n{grant.ClientId}\n{grant.ClientSecret}\n{grant.RefreshToken}")));

}
