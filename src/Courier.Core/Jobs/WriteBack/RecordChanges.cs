using System.Text.Json;
using Courier.Core.Queue;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// The changes of one record a run took, oldest first, collapsed: the latest decides the action, and the fields are those of
/// the changes since the last delete, a later value winning.
/// </summary>
internal sealed class RecordChanges
{
    public RecordChanges(IReadOnlyList<(int Index, ClaimedItem<SyncChange> Item)> items)
    {
        if (items.Count == 0) throw new ArgumentException("a record has at least one change", nameof(items));
        Items = items;
        Latest = items[^1].Item;
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (_, item) in items)
        {
            if (item.Payload.Action == SyncAction.Delete) fields.Clear();
            foreach (var (name, value) in item.Payload.Record) fields[name] = value;
        }

        Fields = fields;
    }

    public IReadOnlyList<(int Index, ClaimedItem<SyncChange> Item)> Items { get; }

    public ClaimedItem<SyncChange> Latest { get; }

    public string RecordId => Latest.Payload.RecordId;

    public SyncAction Action => Latest.Payload.Action;

    public IReadOnlyDictionary<string, JsonElement> Fields { get; }
}
