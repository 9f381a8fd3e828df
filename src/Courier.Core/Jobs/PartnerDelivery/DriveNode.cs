namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>A Drive item: id, name, kind, link, shared drive (null: My Drive), its app properties (Courier's copy tags) and a shortcut's target.</summary>
public sealed record DriveNode(
    string Id,
    string Name,
    DriveNodeKind Kind,
    string? WebViewLink,
    string? DriveId,
    IReadOnlyDictionary<string, string> Tags,
    string? ShortcutTargetId = null);
