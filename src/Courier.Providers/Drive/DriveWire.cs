using System.Text.Json;

namespace Courier.Providers.Drive;

/// <summary>Drive v3 shapes: the fields Courier asks for, item and list bodies, and Google's error body.</summary>
internal static class DriveWire
{
    /// <summary>What every item answer carries.</summary>
    public const string ItemFields = "id,name,mimeType,parents,webViewLink,appProperties,shortcutDetails,driveId";

    public const string ListFields = "nextPageToken,incompleteSearch,files(" + ItemFields + ")";

    public static DriveItem ReadItem(JsonElement file)
    {
        string? Text(string name) => file.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = Text("id") ?? throw new JsonException("an item has no id");
        var parents = file.TryGetProperty("parents", out var p) && p.ValueKind == JsonValueKind.Array && p.GetArrayLength() > 0 ? p[0].GetString() : null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file.TryGetProperty("appProperties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var prop in props.EnumerateObject())
            {
                properties[prop.Name] = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString()! : prop.Value.GetRawText();
            }
        }

        var target = file.TryGetProperty("shortcutDetails", out var shortcut) && shortcut.ValueKind == JsonValueKind.Object
            && shortcut.TryGetProperty("targetId", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new DriveItem(id, Text("name") ?? "", Text("mimeType") ?? "", parents, Text("webViewLink"), properties, target, Text("driveId"));
    }

    public static DriveItem ReadItem(string text)
    {
        using var document = JsonDocument.Parse(text);
        return ReadItem(document.RootElement);
    }

    public static (IReadOnlyList<DriveItem> Items, string? NextPageToken) ReadList(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no files array");
        }

        var next = root.TryGetProperty("nextPageToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        return ([.. files.EnumerateArray().Select(ReadItem)], next);
    }

    /// <summary><c>error.errors[0].reason</c> and <c>error.message</c> of Google's error body; nulls when absent or not JSON.</summary>
    public static (string? Reason, string? Message) ReadError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var reason = error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                && errors[0].ValueKind == JsonValueKind.Object && errors[0].TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()
                : null;
            return (reason, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
