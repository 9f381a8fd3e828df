using System.Text.Json;

namespace Courier.Providers.Meta;

/// <summary>Reads Graph's JSON answers; every reader throws <see cref="JsonException"/> when a field Courier needs is missing.</summary>
internal static class MetaWire
{
    public static string ReadId(string text) => Required(text, "id");

    public static MetaPublishedPost ReadPhoto(string text)
    {
        using var json = JsonDocument.Parse(text);
        var photoId = String(json.RootElement, "id");
        var postId = String(json.RootElement, "post_id") ?? throw new JsonException("The photos answer has no post_id.");
        return new MetaPublishedPost(postId, photoId);
    }

    public static MetaContainerStatus ReadContainerStatus(string text)
    {
        using var json = JsonDocument.Parse(text);
        var code = String(json.RootElement, "status_code") ?? throw new JsonException("The container answer has no status_code.");
        return new MetaContainerStatus(code, String(json.RootElement, "status"));
    }

    public static string ReadField(string text, string field) => Required(text, field);

    public static IReadOnlyList<MetaRecentPost> ReadPosts(string text, string textField, string permalinkField)
    {
        using var json = JsonDocument.Parse(text);
        if (!json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The list answer has no data array.");
        }

        return data.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object && String(item, "id") is not null)
            .Select(item => new MetaRecentPost(String(item, "id")!, String(item, textField), String(item, permalinkField)))
            .ToList();
    }

    public static MetaPublishingLimit ReadPublishingLimit(string text)
    {
        using var json = JsonDocument.Parse(text);
        if (!json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            throw new JsonException("The content_publishing_limit answer has no data.");
        }

        var first = data[0];
        var used = first.TryGetProperty("quota_usage", out var u) && u.TryGetInt32(out var n) ? n : throw new JsonException("No quota_usage.");
        var config = first.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var total = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("quota_total", out var t) && t.TryGetInt32(out var tt) ? tt : 50;
        var seconds = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("quota_duration", out var d) && d.TryGetInt32(out var dd) ? dd : 86400;
        return new MetaPublishingLimit(used, total, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Graph's error object, or null when the body is not one (an HTML page from a front end).</summary>
    public static MetaGraphError? ReadError(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object
                || !error.TryGetProperty("code", out var code) || !code.TryGetInt32(out var number))
            {
                return null;
            }

            int? subcode = error.TryGetProperty("error_subcode", out var s) && s.TryGetInt32(out var sub) ? sub : null;
            var transient = error.TryGetProperty("is_transient", out var t) && t.ValueKind == JsonValueKind.True;
            return new MetaGraphError(number, subcode, String(error, "message"), String(error, "type"), transient, String(error, "error_user_msg"), String(error, "fbtrace_id"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Required(string text, string field)
    {
        using var json = JsonDocument.Parse(text);
        return String(json.RootElement, field) is { Length: > 0 } value ? value : throw new JsonException($"The answer has no {field}.");
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
