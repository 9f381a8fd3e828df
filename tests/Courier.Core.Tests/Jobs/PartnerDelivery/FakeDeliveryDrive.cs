using Courier.Core.Errors;
using Courier.Core.Jobs.PartnerDelivery;

namespace Courier.Core.Tests.Jobs.PartnerDelivery;

/// <summary>Drive in memory: items with one parent and tags; copy and create failures scripted per source id.</summary>
internal sealed class FakeDeliveryDrive : IDeliveryDrive
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DriveNode Node, string? Parent)> _items = new(StringComparer.Ordinal);
    private int _next;

    public string AuthMode { get; set; } = "service_account";

    public ProviderError? AuthFailure { get; set; }

    /// <summary>Decides per source id (or parent, for folders) whether a copy or create fails, and how.</summary>
    public Func<string, ProviderError?> FailWrite { get; set; } = _ => null;

    /// <summary>Source ids copied, in order, one entry per successful copy or create.</summary>
    public List<string> Made { get; } = [];

    /// <summary>How many folders each listing of several folders at once asked for, in order.</summary>
    public List<int> ListedTogether { get; } = [];

    public DriveNode Add(string id, string name, DriveNodeKind kind, string? parent, string? driveId = null)
    {
        var node = new DriveNode(id, name, kind, Link(id, kind), driveId, new Dictionary<string, string>());
        lock (_gate) _items[id] = (node, parent);
        return node;
    }

    public IReadOnlyList<DriveNode> ChildrenOf(string folderId)
    {
        lock (_gate) return [.. _items.Values.Where(i => i.Parent == folderId).Select(i => i.Node)];
    }

    /// <summary>Every item under a folder, depth first, as "path" strings.</summary>
    public IReadOnlyList<string> Tree(string folderId, string prefix = "")
    {
        var lines = new List<string>();
        foreach (var child in ChildrenOf(folderId).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            lines.Add(prefix + child.Name + (child.Kind == DriveNodeKind.Folder ? "/" : ""));
            if (child.Kind == DriveNodeKind.Folder) lines.AddRange(Tree(child.Id, prefix + child.Name + "/"));
        }

        return lines;
    }

    public Task<string> GetAuthModeAsync(CancellationToken cancellationToken) =>
        AuthFailure is { } failure ? throw new ProviderException(failure) : Task.FromResult(AuthMode);

    public Task<DriveNode> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _items.TryGetValue(id, out var item)
                ? Task.FromResult(item.Node)
                : throw new ProviderException(ProviderError.Permanent("notFound", $"File not found: {id}."));
        }
    }

    public Task<IReadOnlyList<DriveNode>> ListChildrenAsync(string folderId, CancellationToken cancellationToken) => Task.FromResult(ChildrenOf(folderId));

    public Task<IReadOnlyList<DriveNode>> ListChildrenAsync(IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken)
    {
        lock (_gate) ListedTogether.Add(folderIds.Count);
        return Task.FromResult<IReadOnlyList<DriveNode>>([.. folderIds.SelectMany(id => ChildrenOf(id).Select(c => c with { ParentId = id }))]);
    }

    public Task<DriveNode> CreateFolderAsync(string parentId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Make(tags[CopyTags.Source], parentId, name, DriveNodeKind.Folder, tags, null);

    public Task<DriveNode> CreateShortcutAsync(string parentId, string name, string targetId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Make(tags[CopyTags.Source], parentId, name, DriveNodeKind.Shortcut, tags, targetId);

    public Task<DriveNode> CopyFileAsync(string fileId, string parentId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_items[fileId].Node.Kind == DriveNodeKind.Folder) throw new ProviderException(ProviderError.Permanent("cannotCopyFile", "This file cannot be copied by the user."));
        }

        return Make(fileId, parentId, name, DriveNodeKind.File, tags, null);
    }

    private Task<DriveNode> Make(string sourceId, string parentId, string name, DriveNodeKind kind, IReadOnlyDictionary<string, string> tags, string? target)
    {
        if (FailWrite(sourceId) is { } failure) throw new ProviderException(failure);
        lock (_gate)
        {
            if (!_items.TryGetValue(parentId, out var parent)) throw new ProviderException(ProviderError.Permanent("notFound", $"File not found: {parentId}."));
            var id = $"made{++_next}";
            var node = new DriveNode(id, name, kind, Link(id, kind), parent.Node.DriveId, new Dictionary<string, string>(tags), target);
            _items[id] = (node, parentId);
            Made.Add(sourceId);
            return Task.FromResult(node);
        }
    }

    private static string Link(string id, DriveNodeKind kind) =>
        kind == DriveNodeKind.Folder ? $"https://drive.google.com/drive/folders/{id}" : $"https://drive.google.com/file/d/{id}/view";
}
