namespace Courier.Providers.Drive;

/// <summary>A Drive item as the client reads it: the fields Courier asks for on every call.</summary>
public sealed record DriveItem(
    string Id,
    string Name,
    string MimeType,
    string? ParentId,
    string? WebViewLink,
    IReadOnlyDictionary<string, string> AppProperties,
    string? ShortcutTargetId,
    string? DriveId)
{
    public const string FolderMimeType = "application/vnd.google-apps.folder";
    public const string ShortcutMimeType = "application/vnd.google-apps.shortcut";

    public bool IsFolder => MimeType == FolderMimeType;

    public bool IsShortcut => MimeType == ShortcutMimeType;
}
