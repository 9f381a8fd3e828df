namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// Copies the tree under a source item into a destination folder for one record: folders are recreated, files copied
/// server-side, shortcuts recreated, each new item tagged (<see cref="CopyTags"/>). The tree is copied level by level: the
/// source folders of a level are listed together (one Drive list for up to <see cref="FoldersPerList"/> folders), then the
/// level's folders are made and its files copied, at most <c>parallelism</c> Drive calls in flight across the whole level.
/// Each destination folder not made in this copy is listed once and items already tagged for the record are kept, so a
/// resumed copy makes only what is missing.
/// </summary>
internal sealed class TreeCopier(IDeliveryDrive drive, DriveCallRetry retry, int parallelism)
{
    /// <summary>Source folders listed by one Drive query (<c>'a' in parents or 'b' in parents …</c>), well below Drive's query length limit.</summary>
    public const int FoldersPerList = 50;

    private static readonly IReadOnlyDictionary<string, DriveNode> None = new Dictionary<string, DriveNode>(StringComparer.Ordinal);

    /// <summary>The copy's top item (the file, or the folder made for the source folder) and how many items were made or found.</summary>
    public sealed record Result(DriveNode Top, int Created, int Existing);

    public async Task<Result> CopyAsync(string recordId, DriveNode source, string destinationId, CancellationToken cancellationToken)
    {
        var counts = new Counts();
        var existingAtTop = await MadeInAsync(recordId, destinationId, cancellationToken).ConfigureAwait(false);
        var (top, topIsNew) = await EnsureAsync(recordId, source, destinationId, existingAtTop, counts, cancellationToken).ConfigureAwait(false);
        if (source.Kind != DriveNodeKind.Folder)
        {
            return new Result(top, counts.Created, counts.Existing);
        }

        List<Folder> level = [new Folder(source.Id, top.Id, topIsNew)];
        while (level.Count > 0)
        {
            var children = await ListLevelAsync(level, cancellationToken).ConfigureAwait(false);
            var existing = new Dictionary<string, IReadOnlyDictionary<string, DriveNode>>(StringComparer.Ordinal);
            foreach (var folder in level.Where(f => !f.DestinationIsNew))
            {
                existing[folder.Destination] = await MadeInAsync(recordId, folder.Destination, cancellationToken).ConfigureAwait(false);
            }

            // Folders first, so the next level can be listed as soon as this one is done; files and shortcuts after them.
            var work = level
                .SelectMany(folder => children.GetValueOrDefault(folder.Source, []).Select(child => (Child: child, Parent: folder)))
                .OrderBy(w => w.Child.Kind == DriveNodeKind.Folder ? 0 : 1)
                .Select((w, index) => (w.Child, w.Parent, Index: index))
                .ToList();
            var next = new Folder?[work.Count];
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (w, ct) =>
                {
                    var (made, isNew) = await EnsureAsync(recordId, w.Child, w.Parent.Destination, existing.GetValueOrDefault(w.Parent.Destination) ?? None, counts, ct).ConfigureAwait(false);
                    if (w.Child.Kind == DriveNodeKind.Folder)
                    {
                        next[w.Index] = new Folder(w.Child.Id, made.Id, isNew);
                    }
                }).ConfigureAwait(false);
            level = [.. next.OfType<Folder>()];
        }

        return new Result(top, counts.Created, counts.Existing);
    }

    /// <summary>The children of every source folder of a level, by folder, listed <see cref="FoldersPerList"/> folders a query.</summary>
    private async Task<Dictionary<string, List<DriveNode>>> ListLevelAsync(IReadOnlyList<Folder> level, CancellationToken cancellationToken)
    {
        var children = new Dictionary<string, List<DriveNode>>(StringComparer.Ordinal);
        foreach (var chunk in level.Select(f => f.Source).Chunk(FoldersPerList))
        {
            var listed = await retry.RunAsync<IReadOnlyList<DriveNode>>(
                chunk.Length == 1 ? $"listing source folder {chunk[0]}" : $"listing {chunk.Length} source folders ({chunk[0]}, …)",
                ct => drive.ListChildrenAsync(chunk, ct),
                null,
                cancellationToken).ConfigureAwait(false);
            foreach (var child in listed)
            {
                if (child.ParentId is not { } parent)
                {
                    continue;
                }

                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(child);
            }
        }

        return children;
    }

    /// <summary>The item standing for <paramref name="source"/> in <paramref name="parentId"/>: the tagged one already there, or a new one.</summary>
    private async Task<(DriveNode Node, bool IsNew)> EnsureAsync(
        string recordId, DriveNode source, string parentId, IReadOnlyDictionary<string, DriveNode> existing, Counts counts, CancellationToken cancellationToken)
    {
        if (existing.TryGetValue(source.Id, out var found))
        {
            counts.AddExisting();
            return (found, false);
        }

        var tags = CopyTags.For(recordId, source.Id);
        Func<CancellationToken, Task<DriveNode>> make = source.Kind switch
        {
            DriveNodeKind.Folder => ct => drive.CreateFolderAsync(parentId, source.Name, tags, ct),
            DriveNodeKind.Shortcut when source.ShortcutTargetId is { } target => ct => drive.CreateShortcutAsync(parentId, source.Name, target, tags, ct),
            _ => ct => drive.CopyFileAsync(source.Id, parentId, source.Name, tags, ct),
        };

        // A write whose answer was lost may exist: its tag tells, so it is never made twice.
        var made = await retry.RunAsync(
            $"copying '{source.Name}' ({source.Id})",
            make,
            async ct => (await MadeInAsync(recordId, parentId, ct).ConfigureAwait(false)).GetValueOrDefault(source.Id),
            cancellationToken).ConfigureAwait(false);
        counts.AddCreated();
        return (made, true);
    }

    private async Task<IReadOnlyDictionary<string, DriveNode>> MadeInAsync(string recordId, string folderId, CancellationToken cancellationToken)
    {
        var children = await retry.RunAsync<IReadOnlyList<DriveNode>>(
            $"listing destination folder {folderId}", ct => drive.ListChildrenAsync(folderId, ct), null, cancellationToken).ConfigureAwait(false);
        return CopyTags.MadeBy(recordId, children);
    }

    /// <summary>A source folder and the destination folder standing for it (made in this copy, so known empty, or found).</summary>
    private sealed record Folder(string Source, string Destination, bool DestinationIsNew);

    private sealed class Counts
    {
        private int created;
        private int existing;

        public int Created => Volatile.Read(ref created);

        public int Existing => Volatile.Read(ref existing);

        public void AddCreated() => Interlocked.Increment(ref created);

        public void AddExisting() => Interlocked.Increment(ref existing);
    }
}
