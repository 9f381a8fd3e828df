namespace Courier.Providers.Drive;

/// <summary>Builds Drive <c>q</c> terms with values quoted as Drive wants: <c>'</c> around, <c>\</c> and <c>'</c> escaped with <c>\</c>.</summary>
public static class DriveQueryText
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>The live children of a folder.</summary>
    public static string ChildrenOf(string folderId) => $"{Quote(folderId)} in parents and trashed = false";

    /// <summary>The live children of any of <paramref name="folderIds"/> (one query; an item's <c>parents</c> tells which).</summary>
    public static string ChildrenOfAny(IEnumerable<string> folderIds)
    {
        var parents = folderIds.Select(id => $"{Quote(id)} in parents").ToList();
        if (parents.Count == 0) throw new ArgumentException("no folder to list", nameof(folderIds));
        return parents.Count == 1 ? $"{parents[0]} and trashed = false" : $"({string.Join(" or ", parents)}) and trashed = false";
    }

    /// <summary>The live children of a folder tagged <paramref name="key"/> = <paramref name="value"/>.</summary>
    public static string TaggedChildrenOf(string folderId, string key, string value) =>
        $"{ChildrenOf(folderId)} and appProperties has {{ key={Quote(key)} and value={Quote(value)} }}";
}
