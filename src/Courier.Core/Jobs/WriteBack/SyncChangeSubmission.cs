using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>
/// Reads a <c>POST /api/sync/queue</c> body against the configured mappings: every bad field is named (the model, the action,
/// the record id, each record field outside the model's mapping), so a refused change stores nothing.
/// </summary>
public static class SyncChangeSubmission
{
    public const int MaxRecordIdLength = 200;
    public const int MaxVersionLength = 100;
    public const int MaxCellLength = 50_000;

    private static readonly string[] KnownFields = ["model", "action", "recordId", "record", "version"];

    /// <summary>The change and its optional caller version (the idempotency key with the record id), or the field errors.</summary>
    public static (SyncChange? Change, string? Version, IReadOnlyList<FieldError> Errors) Parse(JsonElement body, WriteBackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fields = new JsonFields(body);
        if (!fields.IsObject) return (null, null, [new FieldError("$", "the body must be a JSON object")]);
        foreach (var unknown in body.EnumerateObject().Select(p => p.Name).Where(n => !KnownFields.Contains(n, StringComparer.Ordinal)))
            fields.Error(unknown, "is not a known field (model, action, recordId, record, version)");

        var model = fields.String("model", required: true, maxLength: 100);
        var mapping = model is null ? null : options.MappingOf(model);
        if (model is not null && mapping is null)
            fields.Error("model", $"'{model}' is not a configured model; configured: {string.Join(", ", options.Models.Keys.Order(StringComparer.Ordinal))}");

        var actionText = fields.String("action", required: true, maxLength: 20);
        SyncAction? action = actionText switch
        {
            null => null,
            "CREATE" => SyncAction.Create,
            "UPDATE" => SyncAction.Update,
            "DELETE" => SyncAction.Delete,
            _ => null,
        };
        if (actionText is not null && action is null) fields.Error("action", "must be CREATE, UPDATE or DELETE");

        var recordId = fields.String("recordId", required: true, maxLength: MaxRecordIdLength);
        if (recordId is not null && (recordId.Any(char.IsControl) || recordId.Trim() != recordId))
            fields.Error("recordId", "must not hold control characters or start or end with a space");

        var version = ReadVersion(body, fields);
        var record = ReadRecord(body, fields, action, mapping, model, recordId);
        if (fields.Errors.Count > 0) return (null, null, fields.Errors);
        return (new SyncChange(model!, action!.Value, recordId!, record!), version, []);
    }

    private static string? ReadVersion(JsonElement body, JsonFields fields)
    {
        if (!body.TryGetProperty("version", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxVersionLength || text.Any(char.IsControl))
        {
            fields.Error("version", $"must be a string or number of 1 to {MaxVersionLength} characters");
            return null;
        }

        return text;
    }

    private static Dictionary<string, JsonElement>? ReadRecord(JsonElement body, JsonFields fields, SyncAction? action, SheetMapping? mapping, string? model, string? recordId)
    {
        var present = body.TryGetProperty("record", out var record) && record.ValueKind != JsonValueKind.Null;
        if (!present)
        {
            if (action is SyncAction.Create or SyncAction.Update) fields.Error("record", "is required for CREATE and UPDATE: an object of the record's fields");
            return new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        }

        if (record.ValueKind != JsonValueKind.Object)
        {
            fields.Error("record", "must be an object of the record's fields");
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in record.EnumerateObject())
        {
            var name = $"record.{field.Name}";
            if (field.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                fields.Error(name, "must be a string, number, boolean or null");
                continue;
            }

            if (field.Value.ValueKind == JsonValueKind.String && field.Value.GetString()!.Length > MaxCellLength)
            {
                fields.Error(name, $"must be at most {MaxCellLength} characters (the most a Sheets cell holds)");
                continue;
            }

            if (mapping is null) continue;
            if (!mapping.Columns.Contains(field.Name, StringComparer.Ordinal))
            {
                fields.Error(name, $"is not a column of model '{model}' (columns: {string.Join(", ", mapping.Columns)})");
            }
            else if (field.Name == mapping.StatusColumn)
            {
                fields.Error(name, "is the status column, which Courier writes (DELETED for a deleted record)");
            }
            else if (field.Name == mapping.KeyColumn)
            {
                if (recordId is not null && !(field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() == recordId))
                    fields.Error(name, "is the key column, which holds the recordId; leave it out or give the recordId");
            }
            else if (!mapping.IsReadOnly(field.Name))
            {
                // Read-only columns may come along with the record; they are never written.
                values[field.Name] = field.Value.Clone();
            }
        }

        return values;
    }
}
