using System.Text.Json.Nodes;
using Courier.Sandbox.Google;

namespace Courier.Sandbox.Drive;

/// <summary>
/// The error bodies Drive v3 answers: <c>{"error":{"code","message","errors":[{"domain","reason","message",…}]}}</c>. Public so a
/// test can post a fault rule with a chosen reason, for example <c>DriveErrors.Body(403, "userRateLimitExceeded")</c>.
/// </summary>
public static class DriveErrors
{
    public const string FolderMimeType = "application/vnd.google-apps.folder";

    /// <summary>A fault's default body: 403 userRateLimitExceeded, 429 rateLimitExceeded, 404 notFound, 5xx backendError.</summary>
    public static JsonObject Default(int status) => status switch
    {
        400 => Body(400, "badRequest"),
        401 => Body(401, "authError"),
        403 => Body(403, "userRateLimitExceeded"),
        404 => Body(404, "notFound"),
        429 => Body(429, "rateLimitExceeded"),
        _ => Body(status, "backendError"),
    };

    /// <summary>The body Drive answers for <paramref name="reason"/>, with Drive's own wording for the reasons Courier meets.</summary>
    public static JsonObject Body(int status, string reason, string? message = null, string? location = null, string? locationType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var (domain, text) = reason switch
        {
            "userRateLimitExceeded" => ("usageLimits", "User rate limit exceeded."),
            "rateLimitExceeded" => ("usageLimits", "Rate limit exceeded."),
            "sharingRateLimitExceeded" => ("usageLimits", "Rate limit exceeded. User message: \"Sharing rate limit exceeded.\""),
            "notFound" => ("global", "File not found: ."),
            "insufficientFilePermissions" => ("global", "The user does not have sufficient permissions for this file."),
            "cannotCopyFile" => ("global", "This file cannot be copied by the user."),
            "authError" => ("global", "Invalid Credentials"),
            "insufficientPermissions" => ("global", "Insufficient Permission: Request had insufficient authentication scopes."),
            "backendError" => ("global", "Backend Error"),
            "invalid" => ("global", "Invalid Value"),
            _ => ("global", "Bad Request"),
        };
        text = message ?? text;
        var item = new JsonObject { ["message"] = text, ["domain"] = domain, ["reason"] = reason };
        if (location is not null)
        {
            item["location"] = location;
            item["locationType"] = locationType ?? "parameter";
        }

        return new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = text,
                ["errors"] = new JsonArray(item),
                ["status"] = GoogleApiErrors.StatusName(status),
            },
        };
    }

    public static JsonObject NotFound(string id, string location = "fileId") => Body(404, "notFound", $"File not found: {id}.", location);

    public static JsonObject Invalid(string message, string location) => Body(400, "invalid", message, location);
}
