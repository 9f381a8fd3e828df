using Courier.Providers.Google;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Courier.Providers.Http;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Courier.Providers.Sheets;

/// <summary>
/// Access tokens with the spreadsheets scope for a site's Google credential JSON, obtained through Google.Apis.Auth
/// (service account: a signed JWT traded at <see cref="SheetsOptions.TokenUrl"/>; external account: Google's STS exchange)
/// and cached per credential until <see cref="RefreshMargin"/> before expiry, on the injected clock.
/// </summary>
/// <remarks>
/// A singleton. Google's credential objects are built per fetch (about once an hour per site) on a handler from
/// IHttpMessageHandlerFactory, so they never pin a handler past its rotation. The cache key is a SHA-256 of the JSON.
/// </remarks>
internal sealed class SheetsTokenSource(IHttpMessageHandlerFactory handlers, IOptions<SheetsOptions> options, TimeProvider time, ILogger<SheetsTokenSource> logger)
{
    public const string HttpClientName = "google-sheets-token";

    public const string Scope = "https://www.googleapis.com/auth/spreadsheets";

    /// <summary>Refresh this long before expiry, so a token never dies in the middle of a call.</summary>
    public static readonly TimeSpan RefreshMargin = AccessTokenCache.RefreshMargin;

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(3599);

    private readonly string tokenUrl = options.Value.TokenUrl;
    private readonly AccessTokenCache cache = new(time);

    /// <summary>A cached token or a fresh one; throws <see cref="ProviderException"/> (a refused credential carries a hold reason).</summary>
    public async Task<string> GetAccessTokenAsync(SheetsCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var key = KeyOf(credentials);
        // One fetch per credential at a time; the others wait and reuse its result.
        return await cache.GetAsync(key, ct => FetchAsync(credentials.ServiceAccountJson, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the cached token if it is still <paramref name="rejectedToken"/> (Sheets answered 401 with it).</summary>
    public void Invalidate(SheetsCredentials credentials, string rejectedToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var key = KeyOf(credentials);
        cache.Invalidate(key, rejectedToken);
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchAsync(string json, CancellationToken cancellationToken)
    {
        var (credential, principal) = Build(json);
        try
        {
            await credential.RequestAccessTokenAsync(cancellationToken);
        }
        catch (TokenResponseException e)
        {
            throw Fail(principal, FromTokenError(e), e);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or IOException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A token request changes nothing at Google, so repeating it is safe: transient, never unknown.
            throw Fail(principal, ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe: true), e);
        }

        if (credential.Token?.AccessToken is not { Length: > 0 } token)
        {
            throw Fail(principal, ProviderError.Transient("invalid_token_response", "The token endpoint answered without a usable access_token."), null);
        }

        var lifetime = credential.Token.ExpiresInSeconds is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
        SheetsLog.TokenFetched(logger, principal, lifetime);
        return (token, lifetime);
    }

    /// <summary>A Google credential for the JSON, scoped and wired to Courier's HTTP pipeline; a JSON it cannot use is a held site, not a retry.</summary>
    private (ServiceCredential Credential, string Principal) Build(string json)
    {
        var factory = new HttpClientFromMessageHandlerFactory(_ => new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(
            new RetrySafeHandler { InnerHandler = handlers.CreateHandler(HttpClientName) }, false, false));
        string? type = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            type = Text(root, "type");
            switch (type)
            {
                case JsonCredentialParameters.ServiceAccountCredentialType:
                    var email = Text(root, "client_email") ?? throw new ArgumentException("client_email is missing");
                    var key = Text(root, "private_key") ?? throw new ArgumentException("private_key is missing");
                    var initializer = new ServiceAccountCredential.Initializer(email, tokenUrl)
                    {
                        Scopes = [Scope],
                        KeyId = Text(root, "private_key_id"),
                        ProjectId = Text(root, "project_id"),
                        Clock = new TimeProviderClock(time),
                        HttpClientFactory = factory,

                        // Courier's pipeline and the job's queue retry; Google's own backoff would sleep on the real clock.
                        DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
                    }.FromPrivateKey(key);
                    return (new ServiceAccountCredential(initializer), email);

                case JsonCredentialParameters.ExternalAccountCredentialType:
                    var external = CredentialFactory.FromJson(json, JsonCredentialParameters.ExternalAccountCredentialType)
                        .CreateScoped(Scope).CreateWithHttpClientFactory(factory).UnderlyingCredential as ServiceCredential;
                    return (external ?? throw new ArgumentException("not a service credential"), "external_account");

                default:
                    throw new ArgumentException("unsupported type");
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or CryptographicException or FormatException or InvalidOperationException or NotSupportedException)
        {
            // Never quote the JSON or the exception message: either may hold the private key.
            var error = ProviderError.Permanent(
                "invalid_credentials",
                $"The Google Sheets credential JSON is not a usable service_account or external_account credential (type '{type ?? "none"}', {e.GetType().Name}).")
                with { HoldReason = SheetsAccountReasons.CredentialsInvalid };
            throw Fail(type ?? "unknown", error, null);
        }
    }

    private static ProviderError FromTokenError(TokenResponseException e)
    {
        var code = e.Error?.Error is { Length: > 0 and <= 64 } error ? error : e.StatusCode is { } s ? $"http_{(int)s}" : "token_error";
        var status = (int?)e.StatusCode;
        if (status is 429)
        {
            return ProviderError.RateLimited(code, "The token endpoint throttled Courier (HTTP 429).", SheetsErrorClassifier.DefaultRateLimitWait);
        }

        if (status is null or 408 or >= 500)
        {
            return ProviderError.Transient(code, $"The token endpoint failed (HTTP {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}).");
        }

        // Any other refusal (invalid_grant: key deleted or disabled, clock skew; invalid_client; invalid_scope) hits every call of the site.
        var detail = e.Error?.ErrorDescription is { Length: > 0 } d ? $": {(d.Length > 200 ? d[..200] : d)}" : "";
        return ProviderError.Permanent(code, $"Google refused the Sheets credential ({code}){detail}. Seed the site's service account again.")
            with { HoldReason = SheetsAccountReasons.CredentialsRejected };
    }

    private ProviderException Fail(string principal, ProviderError error, Exception? inner)
    {
        SheetsLog.TokenFailed(logger, principal, error.Class, error.Code);

        // A TokenResponseException's text is Google's, not a secret; anything else may quote what was parsed, so it is dropped.
        return new ProviderException(error, inner is TokenResponseException or HttpRequestException or TimeoutRejectedException or OperationCanceledException ? inner : null);
    }

    private string KeyOf(SheetsCredentials credentials) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{tokenUrl}\n{credentials.ServiceAccountJson}")));

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;


    /// <summary>A token exchange changes nothing at Google, so the shared pipeline may repeat it.</summary>
    private sealed class RetrySafeHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            base.SendAsync(request.MarkRetrySafe(), cancellationToken);
    }

    /// <summary>Google.Apis.Auth's clock (JWT iat/exp, token issue time) read from the injected <see cref="TimeProvider"/>.</summary>
    private sealed class TimeProviderClock(TimeProvider time) : global::Google.Apis.Util.IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
