namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// Copies the tree under a source item into a destination folder for one record: folders are recreated, files copied
/// server-side, shortcuts recreated, each new item tagged (<see cref="CopyTags"/>). Each destination folder is listed once
/// (unless made in this copy, so known empty) and items already tagged for the record are kept, so a resumed copy makes only
/// what is missing. Files of one folder are copied with bounded parallelism.
/// </summary>
internal sealed class TreeCopier(IDeliveryDrive drive, DriveCallRetry retry, int parallelism)
{
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

        var pending = new Queue<(string SourceFolder, string DestinationFolder, bool DestinationIsNew)>();
        pending.Enqueue((source.Id, top.Id, topIsNew));
        while (pending.TryDequeue(out var folder))
        {
            var children = await retry.RunAsync<IReadOnlyList<DriveNode>>(
                $"listing source folder {folder.SourceFolder}", ct => drive.ListChildrenAsync(folder.SourceFolder, ct), null, cancellationToken).ConfigureAwait(false);
            var existing = folder.DestinationIsNew
                ? new Dictionary<string, DriveNode>(StringComparer.Ordinal)
                : await MadeInAsync(recordId, folder.DestinationFolder, cancellationToken).ConfigureAwait(false);

            foreach (var child in children.Where(c => c.Kind == DriveNodeKind.Folder))
            {
                var (made, isNew) = await EnsureAsync(recordId, child, folder.DestinationFolder, existing, counts, cancellationToken).ConfigureAwait(false);
                pending.Enqueue((child.Id, made.Id, isNew));
            }

            var files = children.Where(c => c.Kind != DriveNodeKind.Folder).ToList();
            await Parallel.ForEachAsync(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (file, ct) => await EnsureAsync(recordId, file, folder.DestinationFolder, existing, counts, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return new Result(top, counts.Created, counts.Existing);
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

    private async Task<Dictionary<string, DriveNode>> MadeInAsync(string recordId, string folderId, CancellationToken cancellationToken)
    {
        var children = await retry.RunAsync<IReadOnlyList<DriveNode>>(
            $"listing destination folder {folderId}", ct => drive.ListChildrenAsync(folderId, ct), null, cancellationToken).ConfigureAwait(false);
        return CopyTags.MadeBy(recordId, children);
    }

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
