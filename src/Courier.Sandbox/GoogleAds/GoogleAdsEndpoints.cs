using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Google;

namespace Courier.Sandbox.GoogleAds;

/// <summary>Stand-in of Google Ads <c>POST /vNN/customers/{cid}:uploadClickConversions</c>: auth checks, faults, ledger, then <see cref="ConversionUploadProcessor"/>.</summary>
public static class GoogleAdsEndpoints
{
    public const string RouteKey = "ads.upload";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "authorization", "developer-token", "cookie" };

    public static IServiceCollection AddGoogleAds(this IServiceCollection services)
    {
        services.AddOptions<GoogleAdsSandboxOptions>().BindConfiguration(GoogleAdsSandboxOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GoogleAdsSandboxOptions>, GoogleAdsSandboxOptionsValidator>();
        services.AddSingleton<GoogleAdsState>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<GoogleAdsState>());
        services.AddSandboxLedger<AdsUploadCall>(RouteKey);
        return services;
    }

    public static IEndpointRouteBuilder MapGoogleAds(this IEndpointRouteBuilder app)
    {
        app.ServiceProvider.GetRequiredService<FaultInjector>().RegisterRoute(RouteKey, AdsFailures.DefaultFaultBody);

        // A complex segment: the route parser reads "{customerId}" up to the literal ":uploadClickConversions".
        app.MapPost("/v{version:int}/customers/{customerId}:uploadClickConversions", UploadAsync);

        // Sunsets a version (or brings it back) for tests: {"sunset":"v21,v23","retired":"v1-v18"}; either may be left out. Reset restores the settings.
        app.MapPost($"{ControlEndpoints.Prefix}/google-ads/versions", (VersionsRequest request, GoogleAdsState state) =>
        {
            try
            {
                var (sunset, retired) = state.SetVersions(request.Sunset, request.Retired);
                return Results.Json(new { sunset = sunset.Order().Select(v => $"v{v}"), retired = retired.Order().Select(v => $"v{v}") });
            }
            catch (FormatException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid version list");
            }
        });
        return app;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext http,
        int version,
        string customerId,
        GoogleOAuthState tokens,
        GoogleAdsState state,
        FaultInjector faults,
        Ledger<AdsUploadCall> ledger,
        TimeProvider time)
    {
        var receivedAt = time.GetUtcNow();
        var apiVersion = $"v{version}";
        var requestId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(11));
        http.Response.Headers["request-id"] = requestId;

        JsonNode? body;
        var syntaxError = false;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
            syntaxError = true;
        }

        var headers = http.Request.Headers.ToDictionary(
            h => h.Key.ToLowerInvariant(),
            h => SecretHeaders.Contains(h.Key) ? "[redacted]" : h.Value.ToString());
        var request = body as JsonObject;
        var partialFailure = (request?["partialFailure"] ?? request?["partial_failure"]) is JsonValue p && p.GetValueKind() == JsonValueKind.True;
        var validateOnly = (request?["validateOnly"] ?? request?["validate_only"]) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

        void Record(UploadOutcome outcome, string? fault) => ledger.Add(seq => new AdsUploadCall(
            seq, receivedAt, apiVersion, customerId, headers, partialFailure, validateOnly,
            outcome.Status, outcome.ErrorCode, fault, requestId, outcome.Rows));

        var fault = faults.Next(RouteKey, http.Request.Path.Value);
        if (fault is not null)
        {
            await fault.DelayIfLatencyAsync(http.RequestAborted);
            if (fault.ShortCircuits)
            {
                var status = fault.Spec.Kind == FaultKind.Status ? fault.Spec.Status : 0;
                Record(new UploadOutcome(status, [], ConversionUploadProcessor.ReadRows(body), null), fault.Label);
                return await fault.RespondAsync(http);
            }
        }

        // A retired version has no route any more: Google's front end answers with its HTML 404 page, whatever the request.
        if (state.IsRetired(version))
        {
            Record(new UploadOutcome(404, [], ConversionUploadProcessor.ReadRows(body), null), fault?.Label);
            return Results.Content(AdsFailures.NotFoundPage(http.Request.Path.Value ?? ""), "text/html; charset=UTF-8", statusCode: 404);
        }

        // A sunset version is refused before credentials are looked at ("regardless of query, customer, or credentials").
        var outcome = (state.IsSunset(version) ? new UploadOutcome(400, AdsFailures.UnsupportedVersion(apiVersion, requestId), ConversionUploadProcessor.ReadRows(body), "UNSUPPORTED_VERSION") : null)
            ?? Authenticate(http, tokens, apiVersion, requestId, body)
            ?? CheckPayload(syntaxError, body, apiVersion)
            ?? CheckCustomer(http, customerId, apiVersion, requestId, body)
            ?? ConversionUploadProcessor.Process(apiVersion, body, state, requestId);

        Record(outcome, fault?.Label);
        return fault is { ReplacesResponse: true }
            ? await fault.RespondAsync(http)
            : Results.Json(outcome.Body, statusCode: outcome.Status);
    }

    /// <summary>
    /// Google's JSON front end parses the body into the request proto before Ads sees it: a syntax error, an unknown name
    /// anywhere or a non-object where a message belongs refuses the whole request with 400 INVALID_ARGUMENT and google.rpc.BadRequest.
    /// </summary>
    private static UploadOutcome? CheckPayload(bool syntaxError, JsonNode? body, string apiVersion)
    {
        IReadOnlyList<PayloadViolation> violations = syntaxError
            ? [new PayloadViolation(null, "Invalid JSON payload received. Unexpected token.")]
            : UploadRequestSchema.Check(body, apiVersion);
        return violations.Count == 0
            ? null
            : new UploadOutcome(400, AdsFailures.InvalidPayload(violations), ConversionUploadProcessor.ReadRows(body), "INVALID_ARGUMENT");
    }

    private static UploadOutcome? Authenticate(HttpContext http, GoogleOAuthState tokens, string apiVersion, string requestId, JsonNode? body)
    {
        UploadOutcome Fail(int status, string category, string code, string message) =>
            new(status, AdsFailures.RequestError(status, apiVersion, requestId, category, code, message), ConversionUploadProcessor.ReadRows(body), code);

        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Fail(401, "authenticationError", "OAUTH_TOKEN_HEADER_INVALID", "Request is missing required authentication credential. Expected OAuth 2 access token.");
        }

        if (!tokens.IsValid(authorization["Bearer ".Length..].Trim()))
        {
            return Fail(401, "authenticationError", "OAUTH_TOKEN_INVALID", "Request had invalid authentication credentials.");
        }

        var developerToken = http.Request.Headers["developer-token"].ToString();
        if (string.IsNullOrWhiteSpace(developerToken))
        {
            return Fail(401, "authenticationError", "DEVELOPER_TOKEN_INVALID", "The developer token is not valid.");
        }

        // Convention: a developer token starting with "unapproved" is one that may only reach test accounts.
        if (developerToken.StartsWith("unapproved", StringComparison.Ordinal))
        {
            return Fail(403, "authorizationError", "DEVELOPER_TOKEN_NOT_APPROVED", "The developer token is only approved for use with test accounts.");
        }

        return null;
    }

    private static UploadOutcome? CheckCustomer(HttpContext http, string customerId, string apiVersion, string requestId, JsonNode? body)
    {
        UploadOutcome Fail(int status, string category, string code, string message) =>
            new(status, AdsFailures.RequestError(status, apiVersion, requestId, category, code, message), ConversionUploadProcessor.ReadRows(body), code);

        if (customerId.Length == 0 || !customerId.All(char.IsAsciiDigit))
        {
            return Fail(400, "requestError", "INVALID_CUSTOMER_ID", $"Invalid customer ID '{customerId}'.");
        }

        var login = http.Request.Headers["login-customer-id"].ToString();
        if (login.Length > 0 && !login.All(char.IsAsciiDigit))
        {
            return Fail(401, "authenticationError", "CLIENT_CUSTOMER_ID_INVALID", "The login-customer-id header must be digits only.");
        }

        return null;
    }
}
