using System.Text.Json.Nodes;

namespace Courier.Sandbox.Airtable;

/// <summary>One table of a sandbox base: its records in creation order and, optionally, its field types. Used under the state's gate.</summary>
internal sealed class AirtableTable(string id, string name, IReadOnlyDictionary<string, string>? fieldTypes)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    /// <summary>Field name → type (checkbox, number, text types); null when the table was seeded without a schema (any field accepted).</summary>
    public IReadOnlyDictionary<string, string>? FieldTypes { get; } = fieldTypes;

    public List<AirtableRecord> Records { get; } = [];

    public AirtableRecord? Find(string id) => Records.Find(r => r.Id == id);

    public bool Knows(string field) => FieldTypes is null || FieldTypes.ContainsKey(field);

    /// <summary>True when <paramref name="value"/> fits the field's type (null always does: it clears the cell).</summary>
    public bool Accepts(string field, JsonNode? value)
    {
        if (value is null || FieldTypes is null || !FieldTypes.TryGetValue(field, out var type))
        {
            return true;
        }

        var kind = value is JsonValue v ? v.GetValueKind() : value is JsonArray ? System.Text.Json.JsonValueKind.Array : System.Text.Json.JsonValueKind.Object;
        return type switch
        {
            "checkbox" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "number" => kind == System.Text.Json.JsonValueKind.Number,
            "multipleRecordLinks" or "multipleSelects" => kind == System.Text.Json.JsonValueKind.Array,
            _ => kind == System.Text.Json.JsonValueKind.String,
        };
    }
}

/// <summary>One record: id, creation time and its non-empty cells (Airtable leaves empty cells out).</summary>
internal sealed record AirtableRecord(string Id, DateTimeOffset CreatedTime, Dictionary<string, JsonNode?> Fields)
{
    /// <summary>Sets a cell as Airtable stores it: null, "", false and [] clear it.</summary>
    public void Set(string field, JsonNode? value)
    {
        var empty = value switch
        {
            null => true,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.False => true,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>().Length == 0 => true,
            JsonArray { Count: 0 } => true,
            _ => false,
        };
        if (empty)
        {
            Fields.Remove(field);
        }
        else
        {
            Fields[field] = value!.DeepClone();
        }
    }

    public JsonObject ToJson(IReadOnlyCollection<string>? only) => new()
    {
        ["id"] = Id,
        ["createdTime"] = CreatedTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["fields"] = new JsonObject([.. Fields
            .Where(f => only is null || only.Contains(f.Key))
            .Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone()))]),
    };
}
