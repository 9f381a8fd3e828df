using System.Text.Json.Nodes;

namespace Courier.Sandbox.Google;

/// <summary>Builds the <c>{"error":{code,message,status,details}}</c> body shared by Google's REST APIs.</summary>
internal static class GoogleApiErrors
{
    public static string StatusName(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        500 => "INTERNAL",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };

    public static JsonObject Error(int code, string message, params JsonNode[] details)
    {
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["status"] = StatusName(code),
        };
        if (details.Length > 0)
        {
            error["details"] = new JsonArray(details);
        }

        return new JsonObject { ["error"] = error };
    }
}
