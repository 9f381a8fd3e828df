using System.Text.Json.Nodes;
using Courier.Sandbox.Google;

namespace Courier.Sandbox.Sheets;

/// <summary>The error bodies sheets.googleapis.com answers, in Google's <c>{"error":{code,message,status,details}}</c> format.</summary>
internal static class SheetsErrors
{
    public const string Service = "sheets.googleapis.com";

    public static JsonObject Default(int status) => status == 429
        ? QuotaExceeded(60)
        : GoogleApiErrors.Error(status, status == 503 ? "The service is currently unavailable." : "Injected fault (sandbox).");

    public static JsonObject MissingCredentials() => GoogleApiErrors.Error(
        401,
        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        Info("CREDENTIALS_MISSING", new JsonObject { ["service"] = Service }));

    public static JsonObject InvalidCredentials() => GoogleApiErrors.Error(
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        Info("ACCESS_TOKEN_TYPE_UNSUPPORTED", new JsonObject { ["service"] = Service }));

    public static JsonObject InsufficientScopes() => GoogleApiErrors.Error(
        403,
        "Request had insufficient authentication scopes.",
        Info("ACCESS_TOKEN_SCOPE_INSUFFICIENT", new JsonObject { ["service"] = Service }));

    public static JsonObject QuotaExceeded(int limit) => GoogleApiErrors.Error(
        429,
        $"Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service '{Service}' for consumer 'project_number:000000000000'.",
        Info("RATE_LIMIT_EXCEEDED", new JsonObject
        {
            ["service"] = Service,
            ["quota_metric"] = $"{Service}/write_requests",
            ["quota_limit"] = "WriteRequestsPerMinutePerUser",
            ["quota_limit_value"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quota_location"] = "global",
            ["consumer"] = "projects/000000000000",
        }),
        new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.Help",
            ["links"] = new JsonArray(new JsonObject
            {
                ["description"] = "Request a higher quota limit.",
                ["url"] = "https://cloud.google.com/docs/quotas/help/request_increase",
            }),
        });

    public static JsonObject NotFound() => GoogleApiErrors.Error(404, "Requested entity was not found.");

    public static JsonObject UnparsableRange(string range) => GoogleApiErrors.Error(400, $"Unable to parse range: {range}");

    public static JsonObject InvalidArgument(string message) => GoogleApiErrors.Error(400, message);

    /// <summary>What Google's JSON front end answers when the body does not parse into the request message.</summary>
    public static JsonObject InvalidPayload(IReadOnlyList<(string? Field, string Description)> violations) => GoogleApiErrors.Error(
        400,
        string.Join("\n", violations.Select(v => v.Description)),
        new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
            ["fieldViolations"] = new JsonArray([.. violations.Select(v => (JsonNode)(v.Field is null
                ? new JsonObject { ["description"] = v.Description }
                : new JsonObject { ["field"] = v.Field, ["description"] = v.Description }))]),
        });

    private static JsonObject Info(string reason, JsonObject metadata) => new()
    {
        ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
        ["reason"] = reason,
        ["domain"] = "googleapis.com",
        ["metadata"] = metadata,
    };
}
