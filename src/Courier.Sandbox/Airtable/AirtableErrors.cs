using System.Text.Json.Nodes;

namespace Courier.Sandbox.Airtable;

/// <summary>The error bodies api.airtable.com answers: <c>{"error":{"type","message"}}</c>, and the rate limit's own <c>{"errors":[…]}</c>.</summary>
internal static class AirtableErrors
{
    public static JsonObject Default(int status) => status switch
    {
        401 => AuthenticationRequired(),
        403 => ModelNotFound(),
        404 => Error("NOT_FOUND", "Could not find what you are looking for"),
        413 => Error("REQUEST_TOO_LARGE", "Request body is too large"),
        422 => Error("INVALID_REQUEST_UNKNOWN", "Invalid request: parameter validation failed. Check your request data."),
        429 => RateLimited(),
        503 => Error("SERVICE_UNAVAILABLE", "The service is temporarily unavailable."),
        _ => Error("SERVER_ERROR", "Injected fault (sandbox)."),
    };

    public static JsonObject Error(string type, string message) =>
        new() { ["error"] = new JsonObject { ["type"] = type, ["message"] = message } };

    public static JsonObject AuthenticationRequired() => Error("AUTHENTICATION_REQUIRED", "Authentication required");

    public static JsonObject ModelNotFound() => Error(
        "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
        "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.");

    /// <summary>What Airtable answers over 5 requests a second to one base; it then refuses the base for 30 s.</summary>
    public static JsonObject RateLimited() => new()
    {
        ["errors"] = new JsonArray(new JsonObject { ["error"] = "RATE_LIMIT_REACHED", ["message"] = "Rate limit exceeded. Please try again later" }),
    };

    public static JsonObject InvalidFormula(string formula, string reason) =>
        Error("INVALID_FILTER_BY_FORMULA", $"The formula for filtering records is invalid: {reason} ({formula})");

    public static JsonObject UnknownField(string name) => Error("UNKNOWN_FIELD_NAME", $"Unknown field name: \"{name}\"");

    public static JsonObject InvalidValue(string name) => Error("INVALID_VALUE_FOR_COLUMN", $"Field \"{name}\" cannot accept the provided value");

    public static JsonObject TooManyRecords() => Error("INVALID_RECORDS", "You can only update up to 10 records at a time");

    public static JsonObject IteratorNotAvailable() => Error("LIST_RECORDS_ITERATOR_NOT_AVAILABLE", "The list records iterator is no longer available. Restart the listing.");

    public static JsonObject InvalidRequest(string message) => Error("INVALID_REQUEST_UNKNOWN", message);

    public static JsonObject RecordNotFound(string id) => Error("ROW_DOES_NOT_EXIST", $"Record ID {id} does not exist in this table");
}
