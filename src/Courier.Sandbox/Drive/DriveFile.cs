using System.Text.Json.Nodes;

namespace Courier.Sandbox.Drive;

/// <summary>One Drive item of the sandbox (file, folder or shortcut), with one parent. Used under the state's gate.</summary>
internal sealed class DriveFile
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public required string MimeType { get; init; }

    public string? ParentId { get; init; }

    /// <summary>The shared drive the item lives in, or null for My Drive.</summary>
    public string? DriveId { get; init; }

    public Dictionary<string, string> AppProperties { get; init; } = new(StringComparer.Ordinal);

    public bool Trashed { get; set; }

    public string? ShortcutTargetId { get; init; }

    public string? ShortcutTargetMimeType { get; init; }

    /// <summary>False makes creating or copying into this folder answer 403 insufficientFilePermissions.</summary>
    public bool CanAddChildren { get; init; } = true;

    public required long Sequence { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public bool IsFolder => MimeType == DriveErrors.FolderMimeType;

    public string WebViewLink => IsFolder
        ? $"https://drive.google.com/drive/folders/{Id}"
        : $"https://drive.google.com/file/d/{Id}/view?usp=drivesdk";

    /// <summary>Every field the sandbox knows, as Drive names them.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["kind"] = "drive#file",
            ["id"] = Id,
            ["name"] = Name,
            ["mimeType"] = MimeType,
            ["parents"] = ParentId is null ? new JsonArray() : new JsonArray(ParentId),
            ["appProperties"] = new JsonObject([.. AppProperties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["webViewLink"] = WebViewLink,
            ["trashed"] = Trashed,
            ["createdTime"] = CreatedTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (DriveId is not null)
        {
            json["driveId"] = DriveId;
        }

        if (ShortcutTargetId is not null)
        {
            json["shortcutDetails"] = new JsonObject { ["targetId"] = ShortcutTargetId, ["targetMimeType"] = ShortcutTargetMimeType };
        }

        return json;
    }
}
