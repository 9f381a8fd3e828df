using System.Security.Cryptography;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Drive;

/// <summary>The sandbox's Drive items and shared drives, and the rest of each listing behind a page token.</summary>
internal sealed class DriveState(TimeProvider time) : ISandboxState
{
    private readonly Dictionary<string, DriveFile> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> drives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> pages = new(StringComparer.Ordinal);
    private long sequence;

    /// <summary>Held for a whole request.</summary>
    public Lock Gate { get; } = new();

    public static string NewId() => "1" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public DriveFile? Find(string id) => files.GetValueOrDefault(id);

    /// <summary>Call under <see cref="Gate"/>: every item in creation order.</summary>
    public IEnumerable<DriveFile> All() => files.Values.OrderBy(f => f.Sequence);

    /// <summary>Call under <see cref="Gate"/>: makes an item with the next sequence number; false when the id is taken.</summary>
    public DriveFile? Add(string? id, string name, string mimeType, DriveFile? parent, IReadOnlyDictionary<string, string>? appProperties,
        string? shortcutTargetId = null, string? shortcutTargetMimeType = null, bool canAddChildren = true)
    {
        id ??= NewId();
        if (files.ContainsKey(id))
        {
            return null;
        }

        var file = new DriveFile
        {
            Id = id,
            Name = name,
            MimeType = mimeType,
            ParentId = parent?.Id,
            DriveId = parent?.DriveId,
            AppProperties = new Dictionary<string, string>(appProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            ShortcutTargetId = shortcutTargetId,
            ShortcutTargetMimeType = shortcutTargetMimeType,
            CanAddChildren = canAddChildren,
            Sequence = ++sequence,
            CreatedTime = time.GetUtcNow(),
        };
        files[id] = file;
        return file;
    }

    /// <summary>Adds a shared drive and its root folder (same id); false when the id is taken.</summary>
    public bool AddDrive(string id, string name)
    {
        lock (Gate)
        {
            if (drives.ContainsKey(id) || files.ContainsKey(id))
            {
                return false;
            }

            drives[id] = name;
            files[id] = new DriveFile
            {
                Id = id,
                Name = name,
                MimeType = DriveErrors.FolderMimeType,
                DriveId = id,
                Sequence = ++sequence,
                CreatedTime = time.GetUtcNow(),
            };
            return true;
        }
    }

    /// <summary>Call under <see cref="Gate"/>: stores the rest of a listing and returns its page token.</summary>
    public string SavePage(IReadOnlyList<string> remaining)
    {
        var token = "~!!~" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        pages[token] = remaining;
        return token;
    }

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public IReadOnlyList<string>? TakePage(string token) => pages.Remove(token, out var rest) ? rest : null;

    public void Reset()
    {
        lock (Gate)
        {
            files.Clear();
            drives.Clear();
            pages.Clear();
        }
    }
}
