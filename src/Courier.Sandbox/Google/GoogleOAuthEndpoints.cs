using System.Text.Json.Nodes;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Google;

/// <summary>Stand-in of Google's OAuth token endpoint (<c>POST /token</c>): refresh-token grant, and the JWT-bearer grant of service accounts.</summary>
public static class GoogleOAuthEndpoints
{
    public const string RouteKey = "oauth.token";
    /// <summary>The scope refresh-token grants return (the sandbox's refresh tokens stand for Ads users).</summary>
    public const string Scope = "https://www.googleapis.com/auth/adwords";

    public static IServiceCollection AddGoogleOAuth(this IServiceCollection services)
    {
        services.AddSingleton<GoogleOAuthState>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<GoogleOAuthState>());
        services.AddSandboxLedger<OAuthTokenCall>(RouteKey);
        return services;
    }

    public static IEndpointRouteBuilder MapGoogleOAuth(this IEndpointRouteBuilder app)
    {
        app.ServiceProvider.GetRequiredService<FaultInjector>().RegisterRoute(RouteKey, status => OAuthError(
            status switch
            {
                400 => "invalid_request",
                401 => "invalid_client",
                429 => "rate_limit_exceeded",
                _ => "internal_failure",
            },
            "Injected fault (sandbox)."));

        app.MapPost("/token", IssueAsync);

        // Makes every issued access token invalid, as if Google had revoked them.
        app.MapPost($"{ControlEndpoints.Prefix}/google/revoke-access-tokens", (GoogleOAuthState state) =>
        {
            state.RevokeAll();
            return Results.Json(new { ok = true });
        });

        // Revokes one refresh token (as a user removing the app's access would): its next refresh answers invalid_grant.
        app.MapPost($"{ControlEndpoints.Prefix}/google/revoke-refresh-token", (RevokeRefreshTokenRequest request, GoogleOAuthState state) =>
        {
            if (string.IsNullOrEmpty(request.RefreshToken))
            {
                return Results.Json(new { ok = false, error = "refresh_token is required" }, statusCode: 400);
            }

            state.RevokeRefreshToken(request.RefreshToken);
            return Results.Json(new { ok = true });
        });

        return app;
    }

    private static async Task<IResult> IssueAsync(
        HttpContext http, GoogleOAuthState state, FaultInjector faults, Ledger<OAuthTokenCall> ledger, TimeProvider time)
    {
        var receivedAt = time.GetUtcNow();
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var grantType = form?["grant_type"].ToString() ?? "";
        var clientId = form?["client_id"].ToString() ?? "";

        string? serviceAccount = null;
        void Record(int status, string? error, string? fault) =>
            ledger.Add(seq => new OAuthTokenCall(seq, receivedAt, grantType, clientId, status, error, fault, serviceAccount));

        var fault = faults.Next(RouteKey, http.Request.Path.Value);
        if (fault is not null)
        {
            await fault.DelayIfLatencyAsync(http.RequestAborted);
            if (fault.ShortCircuits)
            {
                Record(fault.Spec.Status, null, fault.Label);
                return await fault.RespondAsync(http);
            }
        }

        var tokenUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";
        var (status, body, error) = Decide(form, state, tokenUrl, receivedAt, out serviceAccount);
        if (fault is { ReplacesResponse: true })
        {
            Record(status, error, fault.Label);
            return await fault.RespondAsync(http);
        }

        Record(status, error, null);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(body, statusCode: status);
    }

    private static (int Status, JsonObject Body, string? Error) Decide(
        IFormCollection? form, GoogleOAuthState state, string tokenUrl, DateTimeOffset now, out string? serviceAccount)
    {
        serviceAccount = null;
        if (form is null)
        {
            return (400, OAuthError("invalid_request", "The request must be application/x-www-form-urlencoded."), "invalid_request");
        }

        var grantType = form["grant_type"].ToString();
        if (grantType == ServiceAccountAssertion.GrantType)
        {
            var (claims, jwtError, description) = ServiceAccountAssertion.Check(form["assertion"].ToString(), tokenUrl, now, out serviceAccount);
            return claims is null
                ? (400, OAuthError(jwtError!, description!), jwtError)
                : (200, TokenBody(state.Issue(claims.Issuer, claims.Scope), claims.Scope), null);
        }

        if (grantType != "refresh_token")
        {
            return (400, OAuthError("unsupported_grant_type", $"Invalid grant_type: {grantType}"), "unsupported_grant_type");
        }

        if (string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"]))
        {
            return (401, OAuthError("invalid_client", "Unauthorized"), "invalid_client");
        }

        var refreshToken = form["refresh_token"].ToString();
        if (refreshToken.Length == 0)
        {
            return (400, OAuthError("invalid_request", "Missing required parameter: refresh_token"), "invalid_request");
        }

        // Convention: any refresh token starting with "revoked" is one Google no longer honours.
        if (refreshToken.StartsWith("revoked", StringComparison.Ordinal) || state.IsRevoked(refreshToken))
        {
            return (400, OAuthError("invalid_grant", "Token has been expired or revoked."), "invalid_grant");
        }

        return (200, TokenBody(state.Issue(form["client_id"].ToString(), Scope), Scope), null);
    }

    private static JsonObject TokenBody(string accessToken, string scope) => new()
    {
        ["access_token"] = accessToken,
        ["expires_in"] = (int)GoogleOAuthState.Lifetime.TotalSeconds,
        ["scope"] = scope,
        ["token_type"] = "Bearer",
    };

    private static JsonObject OAuthError(string error, string description) =>
        new() { ["error"] = error, ["error_description"] = description };
}
