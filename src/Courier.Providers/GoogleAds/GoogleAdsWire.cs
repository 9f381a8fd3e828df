using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Courier.Providers.GoogleAds;

/// <summary>The REST wire format of uploadClickConversions: request bodies out, failures and per-row results in.</summary>
internal static class GoogleAdsWire
{
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:sszzz";

    private const int MaxMessageLength = 500;

    private const string ErrorCodeNotPublished = "ERROR_CODE_NOT_PUBLISHED";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] RequestBody(IReadOnlyList<ClickConversion> rows, string defaultConversionAction) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new UploadBody([.. rows.Select(r => ToBody(r, defaultConversionAction))], PartialFailure: true, ValidateOnly: false), Json);

    public static string FormatDateTime(DateTimeOffset value) => value.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads <c>{"error":{status,message,details:[{errors:[{errorCode:{…}}]}]}}</c>; tolerant of non-JSON bodies.</summary>
    public static RequestFailure ReadFailure(string body, int httpStatus)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var errors = Errors(error).ToList();

                // The top-level message is often the status's generic text ("Request contains an invalid argument."); the first
                // GoogleAdsError says what is wrong ("Version v21 is deprecated. …"), so it is the one kept.
                var specific = errors.FirstOrDefault(e => e.HasMessage)?.Message;
                return new RequestFailure(
                    status, specific ?? Clip(message ?? $"Google Ads answered HTTP {httpStatus}."), [.. errors.Select(e => e.Code)], RetryDelay(error), IsGoogleError: true);
            }
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy: fall through to the status alone.
        }

        return new RequestFailure(null, $"Google Ads answered HTTP {httpStatus}.", [], null, IsGoogleError: false);
    }

    /// <summary>Reads results and partialFailureError; errors are mapped to rows by <c>fieldPathElements[0].index</c>.</summary>
    public static UploadResponse ReadResponse(string body, int rowCount)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var hasResult = new bool[rowCount];
        if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var result in results.EnumerateArray())
            {
                if (i < rowCount)
                {
                    // A failed row comes back as {}.
                    hasResult[i] = result.ValueKind == JsonValueKind.Object && result.EnumerateObject().Any();
                }

                i++;
            }
        }

        var byRow = new Dictionary<int, List<RowError>>();
        var unlocated = new List<RowError>();
        string? requestId = null;
        if (root.TryGetProperty("partialFailureError", out var failure) && failure.ValueKind == JsonValueKind.Object)
        {
            foreach (var error in Errors(failure))
            {
                if (error.Index is { } index && index >= 0 && index < rowCount)
                {
                    (byRow.TryGetValue(index, out var list) ? list : byRow[index] = []).Add(error);
                }
                else
                {
                    unlocated.Add(error);
                }
            }

            requestId = RequestId(failure);
        }

        var jobId = root.TryGetProperty("jobId", out var job) ? job.ToString() : null;
        return new UploadResponse(hasResult, byRow, unlocated, requestId, jobId);
    }

    private static IEnumerable<RowError> Errors(JsonElement error)
    {
        if (!error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (detail.ValueKind != JsonValueKind.Object || !detail.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var e in errors.EnumerateArray())
            {
                var code = e.TryGetProperty("errorCode", out var ec) && ec.ValueKind == JsonValueKind.Object
                    ? ec.EnumerateObject().Select(p => p.Value.ToString()).FirstOrDefault()
                    : null;
                var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

                // ERROR_CODE_NOT_PUBLISHED: the real code is newer than the requested version; Google names it in details.
                if (code == ErrorCodeNotPublished && UnpublishedErrorCode(e) is { } unpublished)
                {
                    code = unpublished;
                }

                yield return new RowError(code ?? "UNKNOWN", Clip(message ?? "Google Ads gave no message."), Index(e)) { HasMessage = message is { Length: > 0 } };
            }
        }
    }

    /// <summary>
    /// <c>details.unpublishedErrorCode</c>, reduced to the enum name (a qualified form such as
    /// "ConversionUploadError.EXPIRED_EVENT" keeps its last part); null when absent or blank.
    /// </summary>
    private static string? UnpublishedErrorCode(JsonElement error)
    {
        if (!error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object
            || !details.TryGetProperty("unpublishedErrorCode", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!.Trim();
        var name = text[(text.LastIndexOfAny(['.', ':', ' ']) + 1)..];
        return name.Length == 0 ? null : name;
    }

    private static int? Index(JsonElement error)
    {
        if (error.TryGetProperty("location", out var location)
            && location.TryGetProperty("fieldPathElements", out var path)
            && path.ValueKind == JsonValueKind.Array
            && path.GetArrayLength() > 0
            && path[0].TryGetProperty("index", out var index)
            && index.TryGetInt32(out var i))
        {
            return i;
        }

        return null;
    }

    private static string? RequestId(JsonElement failure)
    {
        if (failure.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    return id.GetString();
                }
            }
        }

        return null;
    }

    /// <summary>Finds a <c>retryDelay</c> ("30s", "1.5s") anywhere in the error: quotaErrorDetails or google.rpc.RetryInfo.</summary>
    private static TimeSpan? RetryDelay(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("retryDelay") && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString() is { } text && text.EndsWith('s')
                        && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                    {
                        return TimeSpan.FromSeconds(seconds);
                    }

                    if (RetryDelay(property.Value) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(RetryDelay).FirstOrDefault(d => d is not null);
            default:
                return null;
        }
    }

    private static string Clip(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength];

    private static ConversionBody ToBody(ClickConversion row, string defaultConversionAction) => new(
        NullIfEmpty(row.Gclid),
        NullIfEmpty(row.Gbraid),
        NullIfEmpty(row.Wbraid),
        string.IsNullOrEmpty(row.ConversionAction) ? defaultConversionAction : row.ConversionAction,
        FormatDateTime(row.ConversionDateTime),
        row.Value,
        row.Currency,
        NullIfEmpty(row.OrderId),
        row.ConsentAdUserData is null && row.ConsentAdPersonalization is null ? null : new ConsentBody(row.ConsentAdUserData, row.ConsentAdPersonalization));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <param name="IsGoogleError">False when the body was not Google's JSON error envelope (an HTML page from the front end or a proxy).</param>
    internal sealed record RequestFailure(string? Status, string Message, IReadOnlyList<string> Codes, TimeSpan? RetryDelay, bool IsGoogleError);

    internal sealed record RowError(string Code, string Message, int? Index)
    {
        public bool HasMessage { get; init; }
    }

    internal sealed record UploadResponse(
        IReadOnlyList<bool> HasResult, IReadOnlyDictionary<int, List<RowError>> ErrorsByRow, IReadOnlyList<RowError> Unlocated, string? RequestId, string? JobId);

    private sealed record UploadBody(IReadOnlyList<ConversionBody> Conversions, bool PartialFailure, bool ValidateOnly);

    private sealed record ConversionBody(
        string? Gclid, string? Gbraid, string? Wbraid, string? ConversionAction, string ConversionDateTime, decimal ConversionValue, string CurrencyCode, string? OrderId, ConsentBody? Consent);

    private sealed record ConsentBody(string? AdUserData, string? AdPersonalization);
}
