using System.Text.Json.Nodes;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Google;

/// <summary>Stand-in of Google's OAuth token endpoint (<c>POST /token</c>, refresh-token grant).</summary>
public static class GoogleOAuthEndpoints
{
    public const string RouteKey = "oauth.token";
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

        void Record(int status, string? error, string? fault) =>
            ledger.Add(seq => new OAuthTokenCall(seq, receivedAt, grantType, clientId, status, error, fault));

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

        var (status, body, error) = Decide(form, state);
        if (fault is { ReplacesResponse: true })
        {
            Record(status, error, fault.Label);
            return await fault.RespondAsync(http);
        }

        Record(status, error, null);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(body, statusCode: status);
    }

    private static (int Status, JsonObject Body, string? Error) Decide(IFormCollection? form, GoogleOAuthState state)
    {
        if (form is null)
        {
            return (400, OAuthError("invalid_request", "The request must be application/x-www-form-urlencoded."), "invalid_request");
        }

        var grantType = form["grant_type"].ToString();
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

        var body = new JsonObject
        {
            ["access_token"] = state.Issue(),
            ["expires_in"] = (int)GoogleOAuthState.Lifetime.TotalSeconds,
            ["scope"] = Scope,
            ["token_type"] = "Bearer",
        };
        return (200, body, null);
    }

    private static JsonObject OAuthError(string error, string description) =>
        new() { ["error"] = error, ["error_description"] = description };
}
