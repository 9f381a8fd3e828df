namespace Courier.Sandbox.Drive;

/// <summary>Body of <c>POST /_sandbox/drive/drives</c>: a shared drive (its id is also its root folder's id).</summary>
public sealed record DriveSeedDrive(string? Id, string? Name);

/// <summary>
/// Body of <c>POST /_sandbox/drive/tree</c>: a tree put under <paramref name="ParentId"/> (null: a root of My Drive). A node with
/// <c>children</c> (even empty) is a folder; others are files.
/// </summary>
public sealed record DriveSeedTree(string? ParentId, DriveSeedNode? Root);

/// <summary>A seeded item; the id is made when absent.</summary>
public sealed record DriveSeedNode(
    string? Id,
    string? Name,
    string? MimeType,
    IReadOnlyList<DriveSeedNode>? Children,
    Dictionary<string, string>? AppProperties,
    string? ShortcutTargetId,
    bool? CanAddChildren);
