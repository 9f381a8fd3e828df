using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Courier.Providers.Airtable;

/// <summary>Airtable's request and response shapes: list query strings, PATCH bodies, record pages and error bodies.</summary>
internal static class AirtableWire
{
    /// <summary>The list query as Airtable's own client writes it: <c>filterByFormula</c>, <c>fields%5B%5D</c> repeated, <c>pageSize</c>, <c>offset</c>.</summary>
    public static string ListQuery(string? formula, IReadOnlyList<string>? fields, int pageSize, string? offset)
    {
        var query = new StringBuilder("pageSize=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(formula))
        {
            query.Append("&filterByFormula=").Append(Uri.EscapeDataString(formula));
        }

        foreach (var field in fields ?? [])
        {
            query.Append("&fields%5B%5D=").Append(Uri.EscapeDataString(field));
        }

        if (offset is not null)
        {
            query.Append("&offset=").Append(Uri.EscapeDataString(offset));
        }

        return query.ToString();
    }

    public static byte[] UpdateBody(IReadOnlyList<AirtableRecordUpdate> updates) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        records = updates.Select(u => new { id = u.Id, fields = u.Fields }),
        typecast = true,
    });

    /// <summary>The records of a page and its offset (null on the last page).</summary>
    public static (IReadOnlyList<AirtableRecord> Records, string? Offset) ReadPage(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no records array");
        }

        var list = new List<AirtableRecord>();
        foreach (var record in records.EnumerateArray())
        {
            var id = record.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : throw new JsonException("a record has no id");
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (record.TryGetProperty("fields", out var cells) && cells.ValueKind == JsonValueKind.Object)
            {
                foreach (var cell in cells.EnumerateObject())
                {
                    fields[cell.Name] = cell.Value.Clone();
                }
            }

            list.Add(new AirtableRecord(id, fields));
        }

        var offset = root.TryGetProperty("offset", out var offsetElement) && offsetElement.ValueKind == JsonValueKind.String ? offsetElement.GetString() : null;
        return (list, offset);
    }

    /// <summary>The error type and message of <c>{"error":{"type","message"}}</c>, <c>{"error":"NOT_FOUND"}</c> or <c>{"errors":[{"error","message"}]}</c>.</summary>
    public static (string? Type, string? Message) ReadError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.String => (error.GetString(), null),
                    JsonValueKind.Object => (Text(error, "type"), Text(error, "message")),
                    _ => (null, null),
                };
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 && errors[0].ValueKind == JsonValueKind.Object)
            {
                return (Text(errors[0], "error"), Text(errors[0], "message"));
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): classified on the status alone.
        }

        return (null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
