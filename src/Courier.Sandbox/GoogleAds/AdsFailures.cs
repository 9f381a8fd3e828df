using System.Text.Json.Nodes;
using Courier.Sandbox.Google;

namespace Courier.Sandbox.GoogleAds;

/// <summary>Builds GoogleAdsFailure JSON: the error entries, the failure detail and whole-request error bodies.</summary>
internal static class AdsFailures
{
    public static JsonObject Entry(string category, string code, string message, JsonObject? location = null, string? trigger = null)
    {
        var entry = new JsonObject
        {
            ["errorCode"] = new JsonObject { [category] = code },
            ["message"] = message,
        };
        if (trigger is not null)
        {
            entry["trigger"] = new JsonObject { ["stringValue"] = trigger };
        }

        if (location is not null)
        {
            entry["location"] = location;
        }

        return entry;
    }

    /// <summary><c>{"fieldPathElements":[{"fieldName":"conversions","index":i},{"fieldName":field}]}</c>.</summary>
    public static JsonObject Location(int? index, string? field)
    {
        var first = new JsonObject { ["fieldName"] = "conversions" };
        if (index is { } i)
        {
            first["index"] = i;
        }

        var path = new JsonArray(first);
        if (field is not null)
        {
            path.Add(new JsonObject { ["fieldName"] = field });
        }

        return new JsonObject { ["fieldPathElements"] = path };
    }

    public static JsonObject Detail(string apiVersion, string requestId, IEnumerable<JsonObject> errors) => new()
    {
        ["@type"] = $"type.googleapis.com/google.ads.googleads.{apiVersion}.errors.GoogleAdsFailure",
        ["errors"] = new JsonArray([.. errors]),
        ["requestId"] = requestId,
    };

    /// <summary>A whole-request failure: the Google error envelope with one GoogleAdsFailure entry.</summary>
    public static JsonObject RequestError(int status, string apiVersion, string requestId, string category, string code, string message, JsonObject? location = null) =>
        GoogleApiErrors.Error(status, message, Detail(apiVersion, requestId, [Entry(category, code, message, location)]));

    /// <summary>The body a status fault on <c>ads.upload</c> gets when the rule gives none (v21 type name: the version is not known here).</summary>
    public static JsonNode DefaultFaultBody(int status)
    {
        var (category, code) = status switch
        {
            400 => ("requestError", "INVALID_INPUT"),
            401 => ("authenticationError", "OAUTH_TOKEN_INVALID"),
            403 => ("authorizationError", "USER_PERMISSION_DENIED"),
            429 => ("quotaError", "RESOURCE_EXHAUSTED"),
            500 => ("internalError", "INTERNAL_ERROR"),
            503 => ("internalError", "TRANSIENT_ERROR"),
            504 => ("internalError", "DEADLINE_EXCEEDED"),
            _ => ((string?)null, (string?)null),
        };
        const string message = "Injected fault (sandbox).";
        return category is null
            ? GoogleApiErrors.Error(status, message)
            : RequestError(status, "v21", "sandbox-fault", category, code!, message);
    }
}
