namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// A Drive item: id, name, kind, link, shared drive (null: My Drive), its app properties (Courier's copy tags), a shortcut's
/// target and its parent folder (set by listings of several folders at once).
/// </summary>
public sealed record DriveNode(
    string Id,
    string Name,
    DriveNodeKind Kind,
    string? WebViewLink,
    string? DriveId,
    IReadOnlyDictionary<string, string> Tags,
    string? ShortcutTargetId = null,
    string? ParentId = null);
