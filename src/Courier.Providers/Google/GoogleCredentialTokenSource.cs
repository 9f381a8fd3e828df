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
using Polly.Timeout;

namespace Courier.Providers.Google;

/// <summary>
/// Access tokens for a Google credential JSON, obtained through Google.Apis.Auth (service account: a signed JWT traded at the
/// profile's token URL; external account, i.e. workload identity federation: Google's STS exchange through
/// <see cref="CredentialFactory"/>) and cached per credential in an <see cref="AccessTokenCache"/>. Shared by the Sheets and
/// Drive token sources, which differ only by their <see cref="GoogleTokenProfile"/>.
/// </summary>
/// <remarks>
/// Google's credential objects are built per fetch (about once an hour per credential) on a handler from
/// IHttpMessageHandlerFactory, so they never pin a handler past its rotation. The cache key is a SHA-256 of the token URL and JSON.
/// A service account is built from its <see cref="ServiceAccountCredential.Initializer"/> (not obsolete) rather than
/// <c>CredentialFactory.FromJson&lt;ServiceAccountCredential&gt;</c> so the token URL setting (the sandbox) replaces the key's
/// <c>token_uri</c> and the JWT's clock is the injected one.
/// </remarks>
internal sealed class GoogleCredentialTokenSource(IHttpMessageHandlerFactory handlers, GoogleTokenProfile profile, TimeProvider time, ILogger logger)
{
    /// <summary>What <see cref="AuthModeOf"/> reports for a service-account key.</summary>
    public const string ServiceAccountMode = "service_account";

    /// <summary>What <see cref="AuthModeOf"/> reports for an external account (workload identity federation).</summary>
    public const string WorkloadIdentityMode = "workload_identity";

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(3599);

    private readonly AccessTokenCache cache = new(time);

    /// <summary><c>service_account</c> or <c>workload_identity</c> (an <c>external_account</c> JSON); <c>unknown</c> for anything else.</summary>
    public static string AuthModeOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Text(document.RootElement, "type") switch
            {
                JsonCredentialParameters.ServiceAccountCredentialType => ServiceAccountMode,
                JsonCredentialParameters.ExternalAccountCredentialType => WorkloadIdentityMode,
                _ => "unknown",
            };
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }

    /// <summary>A cached token or a fresh one; throws <see cref="ProviderException"/> (a refused credential carries a hold reason).</summary>
    public Task<string> GetAccessTokenAsync(string credentialJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialJson);

        // One fetch per credential at a time; the others wait and reuse its result.
        return cache.GetAsync(KeyOf(credentialJson), ct => FetchAsync(credentialJson, ct), cancellationToken);
    }

    /// <summary>Drops the cached token if it is still <paramref name="rejectedToken"/> (the API answered 401 with it).</summary>
    public void Invalidate(string credentialJson, string rejectedToken) => cache.Invalidate(KeyOf(credentialJson), rejectedToken);

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
        catch (Exception e) when (ProviderSend.IsTransportFailure(e, cancellationToken))
        {
            // A token request changes nothing at Google, so repeating it is safe: transient, never unknown.
            throw Fail(principal, ProviderErrorClassifier.FromTransportFailure(e, resendIsSafe: true), e);
        }

        if (credential.Token?.AccessToken is not { Length: > 0 } token)
        {
            throw Fail(principal, ProviderError.Transient("invalid_token_response", "The token endpoint answered without a usable access_token."), null);
        }

        var lifetime = credential.Token.ExpiresInSeconds is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
        profile.LogFetched(logger, principal, lifetime);
        return (token, lifetime);
    }

    /// <summary>A Google credential for the JSON, scoped and wired to Courier's HTTP pipeline; a JSON it cannot use is a held site, not a retry.</summary>
    private (ServiceCredential Credential, string Principal) Build(string json)
    {
        var factory = new HttpClientFromMessageHandlerFactory(_ => new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(
            new RetrySafeHandler { InnerHandler = handlers.CreateHandler(profile.HttpClientName) }, false, false));
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
                    var initializer = new ServiceAccountCredential.Initializer(email, profile.TokenUrl)
                    {
                        Scopes = [profile.Scope],
                        KeyId = Text(root, "private_key_id"),
                        ProjectId = Text(root, "project_id"),
                        Clock = new TimeProviderClock(time),
                        HttpClientFactory = factory,

                        // Courier's pipeline and the job's retry; Google's own backoff would sleep on the real clock.
                        DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
                    }.FromPrivateKey(key);
                    return (new ServiceAccountCredential(initializer), email);

                case JsonCredentialParameters.ExternalAccountCredentialType:
                    var external = CredentialFactory.FromJson(json, JsonCredentialParameters.ExternalAccountCredentialType)
                        .CreateScoped(profile.Scope).CreateWithHttpClientFactory(factory).UnderlyingCredential as ServiceCredential;
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
                $"The {profile.Product} credential JSON is not a usable service_account or external_account credential (type '{type ?? "none"}', {e.GetType().Name}).")
                with { HoldReason = profile.CredentialsInvalidReason };
            throw Fail(type ?? "unknown", error, null);
        }
    }

    private ProviderError FromTokenError(TokenResponseException e)
    {
        var code = e.Error?.Error is { Length: > 0 and <= 64 } error ? error : e.StatusCode is { } s ? $"http_{(int)s}" : "token_error";
        var status = (int?)e.StatusCode;
        if (status is 429)
        {
            return ProviderError.RateLimited(code, "The token endpoint throttled Courier (HTTP 429).", profile.RateLimitWait);
        }

        if (status is null or 408 or >= 500)
        {
            return ProviderError.Transient(code, $"The token endpoint failed (HTTP {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}).");
        }

        // Any other refusal (invalid_grant: key deleted or disabled, clock skew; invalid_client; invalid_scope) hits every call of the credential.
        var detail = e.Error?.ErrorDescription is { Length: > 0 } d ? $": {(d.Length > 200 ? d[..200] : d)}" : "";
        return ProviderError.Permanent(code, $"Google refused the {profile.Product} credential ({code}){detail}. Seed the service account again.")
            with { HoldReason = profile.CredentialsRejectedReason };
    }

    private ProviderException Fail(string principal, ProviderError error, Exception? inner)
    {
        profile.LogFailed(logger, principal, error.Class, error.Code);

        // A TokenResponseException's text is Google's, not a secret; anything else may quote what was parsed, so it is dropped.
        return new ProviderException(error, inner is TokenResponseException or HttpRequestException or TimeoutRejectedException or OperationCanceledException ? inner : null);
    }

    private string KeyOf(string json) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{profile.TokenUrl}\n{profile.Scope}\n{json}")));

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
