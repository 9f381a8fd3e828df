using System.Text.Json;

namespace Courier.Providers.Airtable;

/// <summary>One Airtable record as listed: its id and its non-empty cells (Airtable leaves empty ones out), as JSON.</summary>
public sealed record AirtableRecord(string Id, IReadOnlyDictionary<string, JsonElement> Fields);

/// <summary>One record of a PATCH: its id and the cells to set (null clears a cell); values are serialised as JSON.</summary>
public sealed record AirtableRecordUpdate(string Id, IReadOnlyDictionary<string, object?> Fields);
