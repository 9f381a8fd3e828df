using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Courier.Sandbox.Google;

namespace Courier.Sandbox.GoogleAds;

/// <summary>Builds GoogleAdsFailure JSON: the error entries, the failure detail and whole-request error bodies, as Google writes them.</summary>
internal static partial class AdsFailures
{
    /// <summary>The version a fault body names when the path has none (the sandbox's newest).</summary>
    public const string FallbackVersion = "v26";

    /// <summary>The delay a 429 fault carries when the rule gives no body: Google's usual answer to a burst.</summary>
    public static readonly TimeSpan DefaultQuotaRetryDelay = TimeSpan.FromSeconds(30);

    public static JsonObject Entry(string category, string code, string message, JsonObject? location = null, string? trigger = null, JsonObject? details = null)
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

        if (details is not null)
        {
            entry["details"] = details;
        }

        return entry;
    }

    /// <summary>
    /// <c>{"fieldPathElements":[{"fieldName":"conversions","index":i},{"fieldName":field}]}</c>. Google names fields here by
    /// their proto names (conversion_date_time), not the JSON names of the request (conversionDateTime).
    /// </summary>
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

    /// <summary>A location of one top-level request field, for example <c>partial_failure</c>.</summary>
    public static JsonObject RequestFieldLocation(string field) =>
        new() { ["fieldPathElements"] = new JsonArray(new JsonObject { ["fieldName"] = field }) };

    /// <summary>The GoogleAdsFailure detail; its <c>@type</c> names the API version of the request.</summary>
    public static JsonObject Detail(string apiVersion, string requestId, IEnumerable<JsonObject> errors) => new()
    {
        ["@type"] = $"type.googleapis.com/google.ads.googleads.{apiVersion}.errors.GoogleAdsFailure",
        ["errors"] = new JsonArray([.. errors]),
        ["requestId"] = requestId,
    };

    /// <summary>
    /// A whole-request failure: the Google error envelope with one GoogleAdsFailure entry. Google's top-level message is the
    /// generic text of the status for 400s ("Request contains an invalid argument."); the entry carries the specific one.
    /// </summary>
    public static JsonObject RequestError(
        int status, string apiVersion, string requestId, string category, string code, string message, JsonObject? location = null, JsonObject? details = null) =>
        GoogleApiErrors.Error(status, TopMessage(status, message), Detail(apiVersion, requestId, [Entry(category, code, message, location, details: details)]));

    /// <summary>
    /// A body Google's JSON front end refuses before Ads sees it (unknown field, wrong type): 400 INVALID_ARGUMENT with a
    /// google.rpc.BadRequest detail, one field violation per problem, and the descriptions joined by newlines as the message.
    /// </summary>
    public static JsonObject InvalidPayload(IReadOnlyList<PayloadViolation> violations)
    {
        var fieldViolations = new JsonArray();
        foreach (var violation in violations)
        {
            var item = new JsonObject();
            if (violation.Field is { Length: > 0 } field)
            {
                item["field"] = field;
            }

            item["description"] = violation.Description;
            fieldViolations.Add(item);
        }

        var badRequest = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
            ["fieldViolations"] = fieldViolations,
        };
        return GoogleApiErrors.Error(400, string.Join('\n', violations.Select(v => v.Description)), badRequest);
    }

    /// <summary>The quota failure Google sends with 429: a quotaError entry whose details carry quotaErrorDetails.retryDelay ("30s").</summary>
    public static JsonObject QuotaError(string apiVersion, string requestId, string code, TimeSpan retryDelay)
    {
        var seconds = ((long)Math.Ceiling(retryDelay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var details = new JsonObject
        {
            ["quotaErrorDetails"] = new JsonObject
            {
                ["rateScope"] = "DEVELOPER",
                ["rateName"] = code == "RESOURCE_EXHAUSTED" ? "Number of operations for basic access" : "Requests per developer token",
                ["retryDelay"] = $"{seconds}s",
            },
        };
        return GoogleApiErrors.Error(
            429,
            "Resource has been exhausted (e.g. check quota).",
            Detail(apiVersion, requestId, [Entry("quotaError", code, $"Too many requests. Retry in {seconds} seconds.", details: details)]));
    }

    /// <summary>What Google answers for a sunset version before the route is removed: 400 with requestError UNSUPPORTED_VERSION.</summary>
    public static JsonObject UnsupportedVersion(string apiVersion, string requestId) =>
        RequestError(400, apiVersion, requestId, "requestError", "UNSUPPORTED_VERSION", $"Version {apiVersion} is deprecated. Requests to this version will be blocked.");

    /// <summary>Google's front-end 404 page for a path that no longer exists (a retired version): HTML, not JSON.</summary>
    public static string NotFoundPage(string path) =>
        $"""
        <!DOCTYPE html>
        <html lang=en>
          <meta charset=utf-8>
          <title>Error 404 (Not Found)!!1</title>
          <p><b>404.</b> <ins>That’s an error.</ins>
          <p>The requested URL <code>{System.Net.WebUtility.HtmlEncode(path)}</code> was not found on this server.  <ins>That’s all we know.</ins>
        """;

    /// <summary>The body a status fault on <c>ads.upload</c> gets when the rule gives none, naming the version in the request path.</summary>
    public static JsonNode DefaultFaultBody(int status, string? path)
    {
        var apiVersion = path is not null && VersionInPath().Match(path) is { Success: true } match ? match.Groups[1].Value : FallbackVersion;
        const string requestId = "sandbox-fault";
        const string message = "Injected fault (sandbox).";
        return status switch
        {
            400 => RequestError(status, apiVersion, requestId, "requestError", "INVALID_INPUT", message),
            401 => RequestError(status, apiVersion, requestId, "authenticationError", "OAUTH_TOKEN_INVALID", message),
            403 => RequestError(status, apiVersion, requestId, "authorizationError", "USER_PERMISSION_DENIED", message),
            409 => RequestError(status, apiVersion, requestId, "databaseError", "CONCURRENT_MODIFICATION", "Multiple requests were attempting to modify the same resource at once. Retry the request."),
            429 => QuotaError(apiVersion, requestId, "RESOURCE_TEMPORARILY_EXHAUSTED", DefaultQuotaRetryDelay),
            500 => RequestError(status, apiVersion, requestId, "internalError", "INTERNAL_ERROR", message),
            503 => RequestError(status, apiVersion, requestId, "internalError", "TRANSIENT_ERROR", message),
            504 => RequestError(status, apiVersion, requestId, "internalError", "DEADLINE_EXCEEDED", message),
            _ => GoogleApiErrors.Error(status, message),
        };
    }

    private static string TopMessage(int status, string message) => status switch
    {
        400 => "Request contains an invalid argument.",
        _ => message,
    };

    [GeneratedRegex(@"^/(v\d+)/")]
    private static partial Regex VersionInPath();
}
