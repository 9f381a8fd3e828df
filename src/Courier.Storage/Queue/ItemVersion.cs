using Azure;

namespace Courier.Storage.Queue;

/// <summary>
/// The opaque <see cref="Core.Queue.QueueItem.Version"/> of a table-stored item: the ETag of the row it was read from, and which
/// row that was ("i:" the index row, "m:" the main row). Every transition rewrites both rows, so a condition on either one
/// serializes all writers of the item.
/// </summary>
internal readonly record struct ItemVersion(bool FromIndex, ETag ETag)
{
    private const string IndexTag = "i:";
    private const string MainTag = "m:";

    public static string OfIndex(ETag etag) => IndexTag + etag;

    public static string OfMain(ETag etag) => MainTag + etag;

    public static bool TryParse(string? version, out ItemVersion parsed)
    {
        parsed = default;
        if (version is null || version.Length <= 2) return false;
        if (version.StartsWith(IndexTag, StringComparison.Ordinal)) parsed = new ItemVersion(true, new ETag(version[2..]));
        else if (version.StartsWith(MainTag, StringComparison.Ordinal)) parsed = new ItemVersion(false, new ETag(version[2..]));
        else return false;
        return true;
    }
}
