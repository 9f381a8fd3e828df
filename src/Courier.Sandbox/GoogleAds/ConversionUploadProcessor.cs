using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Courier.Sandbox.GoogleAds;

/// <summary>The uploadClickConversions rules: request limits, per-row validation, order id and click dedupe, partial-failure response.</summary>
internal static partial class ConversionUploadProcessor
{
    public const int MaxConversions = 2000;

    private static readonly string[] ClickIdFields = ["gclid", "gbraid", "wbraid"];

    /// <summary>The rows as sent, for the ledger, before any decision (none accepted).</summary>
    public static IReadOnlyList<AdsUploadRow> ReadRows(JsonNode? body)
    {
        if ((body as JsonObject)?["conversions"] is not JsonArray conversions)
        {
            return [];
        }

        return [.. conversions.Select((c, i) => new AdsUploadRow(
            i,
            Text(c, "gclid"),
            Text(c, "gbraid"),
            Text(c, "wbraid"),
            Text(c, "conversionAction") ?? Text(c, "conversion_action"),
            Text(c, "conversionDateTime") ?? Text(c, "conversion_date_time"),
            Number(c, "conversionValue") ?? Number(c, "conversion_value"),
            Text(c, "currencyCode") ?? Text(c, "currency_code"),
            Text(c, "orderId") ?? Text(c, "order_id"),
            Accepted: false,
            ErrorCode: null)
        {
            ConsentAdUserData = Text(Consent(c), "adUserData") ?? Text(Consent(c), "ad_user_data"),
            ConsentAdPersonalization = Text(Consent(c), "adPersonalization") ?? Text(Consent(c), "ad_personalization"),
        })];
    }

    private static JsonNode? Consent(JsonNode? conversion) => (conversion as JsonObject)?["consent"];

    public static UploadOutcome Process(string apiVersion, JsonNode? body, GoogleAdsState state, string requestId)
    {
        var rows = ReadRows(body);
        UploadOutcome Fail(int status, string category, string code, string message, JsonObject? location) =>
            new(status, AdsFailures.RequestError(status, apiVersion, requestId, category, code, message, location), rows, code);

        if (body is not JsonObject request)
        {
            return Fail(400, "requestError", "INVALID_INPUT", "Invalid JSON payload received.", null);
        }

        // uploadClickConversions only runs in partial-failure mode; false and absent (proto3's default) are refused alike.
        if (!Flag(request, "partialFailure", "partial_failure"))
        {
            return Fail(
                400, "partialFailureError", "PARTIAL_FAILURE_MODE_REQUIRED",
                "The partial failure field was false in the request. This method requires this field be set to true.", AdsFailures.RequestFieldLocation("partial_failure"));
        }

        if (request["conversions"] is not JsonArray { Count: > 0 } conversions)
        {
            return Fail(400, "fieldError", "REQUIRED", "The required field was not present.", AdsFailures.Location(null, null));
        }

        if (conversions.Count > MaxConversions)
        {
            return Fail(400, "conversionUploadError", "TOO_MANY_CONVERSIONS_IN_REQUEST", "Upload fewer than 2001 events.", AdsFailures.Location(null, null));
        }

        var validateOnly = Flag(request, "validateOnly", "validate_only");
        var results = new JsonArray();
        var errors = new List<JsonObject>();
        var decided = new List<AdsUploadRow>(rows.Count);
        var ordersInRequest = new HashSet<(string, string)>();
        var clicksInRequest = new HashSet<(string, string, DateTimeOffset)>();

        lock (state.Gate)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var error = Check(row, i, state, ordersInRequest, clicksInRequest);
                if (error is not null)
                {
                    errors.Add(error);
                    results.Add(new JsonObject());
                    decided.Add(row with { ErrorCode = error["errorCode"]!.AsObject().First().Value!.GetValue<string>() });
                    continue;
                }

                var (clickField, clickId) = ClickId(row)!.Value;
                var at = ParseDateTime(row.ConversionDateTime!)!.Value;
                if (row.OrderId is { Length: > 0 } orderId)
                {
                    ordersInRequest.Add((row.ConversionAction!, orderId));
                }
                else
                {
                    clicksInRequest.Add((clickId, row.ConversionAction!, at));
                }

                results.Add(new JsonObject
                {
                    [clickField] = clickId,
                    ["conversionAction"] = row.ConversionAction,
                    ["conversionDateTime"] = row.ConversionDateTime,
                });
                decided.Add(row with { Accepted = !validateOnly });
            }

            if (!validateOnly)
            {
                foreach (var row in decided.Where(r => r.Accepted))
                {
                    if (row.OrderId is { Length: > 0 } orderId)
                    {
                        state.AddOrder(row.ConversionAction!, orderId);
                    }
                    else
                    {
                        state.AddClick(ClickId(row)!.Value.Value, row.ConversionAction!, ParseDateTime(row.ConversionDateTime!)!.Value);
                    }
                }
            }
        }

        var response = new JsonObject();
        if (!validateOnly)
        {
            // validateOnly returns errors only, never results.
            response["results"] = results;
        }

        if (errors.Count > 0)
        {
            response["partialFailureError"] = new JsonObject
            {
                ["code"] = 3,
                ["message"] = string.Join(", ", errors.Select(e => $"{e["message"]!.GetValue<string>().TrimEnd('.')}, at {PathText(e)}")),
                ["details"] = new JsonArray(AdsFailures.Detail(apiVersion, requestId, errors)),
            };
        }

        // int64 travels as a JSON string in proto3 JSON; a job id the client chose (int32, non-negative) is echoed back.
        var jobId = RequestedJobId(request) ?? state.NextJobId();
        response["jobId"] = jobId.ToString(CultureInfo.InvariantCulture);
        return new UploadOutcome(200, response, decided, null);
    }

    /// <summary>The first error of a row, in the order Google would find them, or null when the row is accepted.</summary>
    private static JsonObject? Check(
        AdsUploadRow row, int index, GoogleAdsState state, HashSet<(string, string)> ordersInRequest, HashSet<(string, string, DateTimeOffset)> clicksInRequest)
    {
        JsonObject Error(string category, string code, string message, string field, string? trigger = null) =>
            AdsFailures.Entry(category, code, message, AdsFailures.Location(index, field), trigger);

        var set = ClickIdFields.Zip([row.Gclid, row.Gbraid, row.Wbraid]).Where(p => !string.IsNullOrEmpty(p.Second)).ToList();
        if (set.Count == 0)
        {
            return Error("fieldError", "REQUIRED", "One of gclid, gbraid or wbraid is required.", "gclid");
        }

        if (row.Gbraid is { Length: > 0 } && row.Wbraid is { Length: > 0 })
        {
            return Error("conversionUploadError", "GBRAID_WBRAID_BOTH_SET", "Only one of gbraid and wbraid may be set.", "wbraid");
        }

        if (set.Count > 1)
        {
            return Error("fieldError", "VALUE_MUST_BE_UNSET", "Only one click identifier may be set.", set[1].First);
        }

        var (field, clickId) = set[0];
        if (clickId!.Contains("bad", StringComparison.OrdinalIgnoreCase) || !ClickIdPattern().IsMatch(clickId))
        {
            return Error("conversionUploadError", $"UNPARSEABLE_{field.ToUpperInvariant()}", $"The imported {field} could not be decoded.", field, clickId);
        }

        if (row.ConversionAction is not { } action || !ConversionActionPattern().IsMatch(action))
        {
            return Error("conversionUploadError", "NO_CONVERSION_ACTION_FOUND", "The conversion action specified in the upload request cannot be found.", "conversion_action", row.ConversionAction);
        }

        if (row.ConversionDateTime is not { } dateTime || ParseDateTime(dateTime) is not { } at)
        {
            return Error("dateError", "INVALID_FIELD_VALUES_IN_DATE_TIME", "The date time must be yyyy-mm-dd hh:mm:ss+|-hh:mm.", "conversion_date_time", row.ConversionDateTime);
        }

        // Magic prefixes let tests reach the click-state errors a real account would produce.
        if (clickId.StartsWith("toorecent", StringComparison.OrdinalIgnoreCase))
        {
            return Error("conversionUploadError", "TOO_RECENT_EVENT", "The click associated with the given identifier was imported less than 6 hours ago.", field, clickId);
        }

        if (clickId.StartsWith("expired", StringComparison.OrdinalIgnoreCase))
        {
            return Error("conversionUploadError", "EXPIRED_EVENT", "The click occurred too long ago for this conversion action.", field, clickId);
        }

        if (clickId.StartsWith("notfound", StringComparison.OrdinalIgnoreCase))
        {
            return Error("conversionUploadError", "EVENT_NOT_FOUND", "The click associated with the given identifier could not be found.", field, clickId);
        }

        if (row.OrderId is { Length: > 0 } orderId)
        {
            if (state.HasOrder(action, orderId))
            {
                return Error("conversionUploadError", "ORDER_ID_ALREADY_IN_USE", "The order id was already used for a conversion of this conversion action.", "order_id", orderId);
            }

            if (ordersInRequest.Contains((action, orderId)))
            {
                return Error("conversionUploadError", "DUPLICATE_ORDER_ID", "The request contains more than one conversion with the same order id.", "order_id", orderId);
            }

            return null;
        }

        if (state.HasClick(clickId, action, at))
        {
            return Error("conversionUploadError", "CLICK_CONVERSION_ALREADY_EXISTS", "A conversion with the same click, conversion action and time was already uploaded.", field, clickId);
        }

        if (clicksInRequest.Contains((clickId, action, at)))
        {
            return Error("conversionUploadError", "DUPLICATE_CLICK_CONVERSION_IN_REQUEST", "The request contains more than one conversion with the same click, conversion action and time.", field, clickId);
        }

        return null;
    }

    private static (string Field, string Value)? ClickId(AdsUploadRow row) =>
        row.Gclid is { Length: > 0 } g ? ("gclid", g)
        : row.Gbraid is { Length: > 0 } b ? ("gbraid", b)
        : row.Wbraid is { Length: > 0 } w ? ("wbraid", w)
        : null;

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss+HH:mm</c> strictly; anything else (a Z, a T, no offset) is refused.</summary>
    private static DateTimeOffset? ParseDateTime(string text) =>
        DateTimeFormatPattern().IsMatch(text)
        && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : null;

    private static string PathText(JsonObject error)
    {
        var path = error["location"]?["fieldPathElements"]?.AsArray() ?? [];
        return string.Join(".", path.Select(p => p!["index"] is { } i ? $"{p["fieldName"]}[{i}]" : p!["fieldName"]!.GetValue<string>()));
    }

    /// <summary>A bool field, by its JSON or its proto name (Google's parser accepts both).</summary>
    private static bool Flag(JsonObject request, string jsonName, string protoName) =>
        (request[jsonName] ?? request[protoName]) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static long? RequestedJobId(JsonObject request) =>
        (request["jobId"] ?? request["job_id"]) is JsonValue v && v.TryGetValue<int>(out var id) && id >= 0 ? id : null;

    private static string? Text(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static decimal? Number(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d : null;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ClickIdPattern();

    [GeneratedRegex(@"^customers/\d+/conversionActions/\d+$")]
    private static partial Regex ConversionActionPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")]
    private static partial Regex DateTimeFormatPattern();
}
