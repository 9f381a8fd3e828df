using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Meta;

/// <summary>The error bodies graph.facebook.com answers: <c>{"error":{message,type,code,error_subcode,is_transient,fbtrace_id}}</c>.</summary>
internal static class MetaErrors
{
    /// <summary>The body a status fault gets when the rule gives none, with the Graph code Meta pairs with that status.</summary>
    public static JsonNode Default(int status) => (status switch
    {
        400 => Error(400, 100, "(#100) Invalid parameter", "OAuthException"),
        401 => InvalidToken(),
        403 => Error(403, 200, "(#200) Permissions error", "OAuthException"),
        429 => Error(429, 4, "(#4) Application request limit reached", "OAuthException", transient: true),
        _ => Error(status, 2, "An unexpected error has occurred. Please retry your request later.", "OAuthException", transient: true),
    }).Body;

    public static MetaFailure MissingToken() =>
        Error(400, 104, "An access token is required to request this resource.", "OAuthException");

    public static MetaFailure InvalidToken() =>
        Error(400, 190, "Invalid OAuth access token - Cannot parse access token", "OAuthException");

    public static MetaFailure NotPermitted() =>
        Error(403, 200, "(#200) Requires pages_manage_posts permission to manage the object", "OAuthException");

    public static MetaFailure NoSuchObject(string id) => Error(
        400,
        100,
        $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        "GraphMethodException",
        subcode: 33);

    public static MetaFailure MissingParameter(string name) => Error(400, 100, $"(#100) The parameter {name} is required", "OAuthException");

    public static MetaFailure MissingMessage() => Error(400, 100, "(#100) Missing message or attachment", "OAuthException");

    public static MetaFailure MissingPhoto() => Error(400, 324, "(#324) Requires upload file", "OAuthException");

    public static MetaFailure UnknownVersion(string version) =>
        Error(400, 2635, $"(#2635) You are calling a deprecated version of the Graph API ({version}). Please update to the latest version.", "OAuthException");

    /// <summary>media_publish of a container that is not FINISHED (IN_PROGRESS, ERROR, EXPIRED).</summary>
    public static MetaFailure MediaNotReady() => Error(
        400, 9007, "Media ID is not available", "OAuthException", subcode: 2207027,
        userTitle: "Media not ready for publishing", userMessage: "The media is not ready for publishing, please wait for a moment");

    public static MetaFailure AlreadyPublished() => Error(
        400, 100, "(#100) The media has already been published", "OAuthException", subcode: 2207008);

    /// <summary>The account published its rolling-24-hour allowance.</summary>
    public static MetaFailure PublishingLimit(int limit) => Error(
        400, 9, "Application request limit reached", "OAuthException", subcode: 2207042,
        userTitle: "Publishing limit reached", userMessage: $"You reached the maximum number of posts ({limit}) that can be published in 24 hours.");

    public static MetaFailure Error(
        int status, int code, string message, string type, int? subcode = null, bool transient = false, string? userTitle = null, string? userMessage = null)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
        };
        if (subcode is { } sub)
        {
            error["error_subcode"] = sub;
        }

        error["is_transient"] = transient;
        if (userTitle is not null)
        {
            error["error_user_title"] = userTitle;
            error["error_user_msg"] = userMessage;
        }

        error["fbtrace_id"] = "A" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
        return new MetaFailure(status, new JsonObject { ["error"] = error });
    }
}
