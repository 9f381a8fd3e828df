using System.Text.Json;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// One queued change of one record (the sync queue's payload): the record as it now is, field by field. A field the record
/// leaves out is not written; a null clears its cell.
/// </summary>
public sealed record SyncChange(string Model, SyncAction Action, string RecordId, IReadOnlyDictionary<string, JsonElement> Record);
