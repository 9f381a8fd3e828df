namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// The app properties Courier puts on every item it makes at a destination: which source item it stands for and which record
/// delivered it. A resumed copy lists a destination folder once and skips what already carries its tags.
/// </summary>
public static class CopyTags
{
    public const string Source = "courierSource";
    public const string Record = "courierRecord";

    public static IReadOnlyDictionary<string, string> For(string recordId, string sourceId) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [Source] = sourceId, [Record] = recordId };

    /// <summary>The items of <paramref name="children"/> this record made, by the source id they stand for.</summary>
    public static Dictionary<string, DriveNode> MadeBy(string recordId, IEnumerable<DriveNode> children)
    {
        var made = new Dictionary<string, DriveNode>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (child.Tags.TryGetValue(Record, out var record) && record == recordId && child.Tags.TryGetValue(Source, out var source))
            {
                made.TryAdd(source, child);
            }
        }

        return made;
    }
}
