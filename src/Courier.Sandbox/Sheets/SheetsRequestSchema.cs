using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Sheets;

/// <summary>
/// The fields of the values requests (BatchUpdateValuesRequest, ValueRange, BatchClearValuesRequest). Like Google's proto3 JSON
/// parser, a field is accepted by its JSON or proto name, and any other name refuses the whole request with 400.
/// </summary>
internal static class SheetsRequestSchema
{
    private static readonly string[] ValueRange = ["range", "majorDimension", "major_dimension", "values"];

    private static readonly string[] BatchUpdate =
    [
        "valueInputOption", "value_input_option", "data", "includeValuesInResponse", "include_values_in_response",
        "responseValueRenderOption", "response_value_render_option", "responseDateTimeRenderOption", "response_date_time_render_option",
    ];

    private static readonly string[] BatchClear = ["ranges"];

    public static IReadOnlyList<(string? Field, string Description)> CheckBatchUpdate(JsonNode? body) =>
        Check(body, BatchUpdate, (root, violations) =>
        {
            if (root["data"] is JsonArray data)
            {
                for (var i = 0; i < data.Count; i++)
                {
                    CheckValueRange(data[i], $"data[{i}]", violations);
                }
            }
        });

    public static IReadOnlyList<(string? Field, string Description)> CheckValueRange(JsonNode? body) =>
        Check(body, ValueRange, (root, violations) => CheckValues(root, "", violations));

    public static IReadOnlyList<(string? Field, string Description)> CheckBatchClear(JsonNode? body) => Check(body, BatchClear, (_, _) => { });

    private static List<(string?, string)> Check(JsonNode? body, string[] fields, Action<JsonObject, List<(string?, string)>> more)
    {
        var violations = new List<(string?, string)>();
        if (body is not JsonObject root)
        {
            violations.Add((null, "Invalid JSON payload received. Unknown name \"\": Root element must be a message."));
            return violations;
        }

        Unknown(root, fields, "", violations);
        more(root, violations);
        return violations;
    }

    private static void CheckValueRange(JsonNode? node, string path, List<(string?, string)> violations)
    {
        if (node is not JsonObject item)
        {
            violations.Add((path, $"Invalid value at '{path}' (type.googleapis.com/google.apps.sheets.v4.ValueRange), {node?.ToJsonString() ?? "null"}"));
            return;
        }

        Unknown(item, ValueRange, path, violations);
        CheckValues(item, path, violations);
    }

    private static void CheckValues(JsonObject item, string path, List<(string?, string)> violations)
    {
        var at = path.Length == 0 ? "values" : $"{path}.values";
        if (item["values"] is not { } values)
        {
            return;
        }

        if (values is not JsonArray rows)
        {
            violations.Add((at, $"Invalid value at '{at}' (type.googleapis.com/google.protobuf.ListValue), {values.ToJsonString()}"));
            return;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not JsonArray row)
            {
                violations.Add(($"{at}[{r}]", $"Invalid value at '{at}[{r}]' (type.googleapis.com/google.protobuf.ListValue), {rows[r]?.ToJsonString() ?? "null"}"));
                continue;
            }

            for (var c = 0; c < row.Count; c++)
            {
                if (row[c] is JsonObject or JsonArray)
                {
                    violations.Add(($"{at}[{r}][{c}]", $"Invalid values[{r}][{c}]: {row[c]!.ToJsonString()}"));
                }
            }
        }
    }

    private static void Unknown(JsonObject node, string[] fields, string path, List<(string?, string)> violations)
    {
        foreach (var (name, _) in node)
        {
            if (!fields.Contains(name, StringComparer.Ordinal))
            {
                var at = path.Length == 0 ? "" : $" at '{path}'";
                violations.Add((path.Length == 0 ? null : path, $"Invalid JSON payload received. Unknown name \"{name}\"{at}: Cannot find field."));
            }
        }
    }

    /// <summary>A string field's value, or null when absent or not a string.</summary>
    public static string? Text(JsonObject? node, string jsonName, string protoName) =>
        (node?[jsonName] ?? node?[protoName]) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
