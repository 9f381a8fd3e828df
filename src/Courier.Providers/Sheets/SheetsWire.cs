using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Courier.Providers.Sheets;

/// <summary>The JSON bodies of Sheets v4 <c>spreadsheets.values</c> calls, written and read exactly as Google documents them.</summary>
internal static class SheetsWire
{
    /// <summary>RAW: cells hold exactly what is sent. USER_ENTERED would run a record's <c>=…</c> text as a formula.</summary>
    public const string ValueInputOption = "RAW";

    /// <summary><c>{"valueInputOption":"RAW","data":[{"range","majorDimension":"ROWS","values":[[…]]}]}</c>.</summary>
    public static byte[] BatchUpdateBody(IReadOnlyList<(string Range, IReadOnlyList<IReadOnlyList<object?>> Rows)> data) => Write(w =>
    {
        w.WriteString("valueInputOption", ValueInputOption);
        w.WriteStartArray("data");
        foreach (var (range, rows) in data)
        {
            w.WriteStartObject();
            w.WriteString("range", range);
            WriteRows(w, rows);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary><c>{"majorDimension":"ROWS","values":[[…]]}</c>; the range goes in the path only, as Google's own clients send it.</summary>
    public static byte[] AppendBody(IReadOnlyList<IReadOnlyList<object?>> rows) => Write(w => WriteRows(w, rows));

    /// <summary><c>{"ranges":[…]}</c>.</summary>
    public static byte[] BatchClearBody(IReadOnlyList<string> ranges) => Write(w =>
    {
        w.WriteStartArray("ranges");
        foreach (var range in ranges)
        {
            w.WriteStringValue(range);
        }

        w.WriteEndArray();
    });

    /// <summary><c>responses[].updatedRange</c> of a batchUpdate answer.</summary>
    public static IReadOnlyList<string> ReadUpdatedRanges(string text)
    {
        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("responses", out var responses) && responses.ValueKind == JsonValueKind.Array
            ? responses.EnumerateArray().Select(r => r.TryGetProperty("updatedRange", out var u) ? u.GetString() : null).OfType<string>().ToList()
            : [];
    }

    /// <summary><c>updates.updatedRange</c> of an append answer; throws <see cref="JsonException"/> when it is missing.</summary>
    public static string ReadAppendedRange(string text)
    {
        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("updates", out var updates) && updates.TryGetProperty("updatedRange", out var range)
            && range.GetString() is { Length: > 0 } value
            ? value
            : throw new JsonException("The append answer has no updates.updatedRange.");
    }

    /// <summary><c>clearedRanges</c> of a batchClear answer.</summary>
    public static IReadOnlyList<string> ReadClearedRanges(string text)
    {
        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("clearedRanges", out var cleared) && cleared.ValueKind == JsonValueKind.Array
            ? cleared.EnumerateArray().Select(r => r.GetString()).OfType<string>().ToList()
            : [];
    }

    /// <summary>
    /// <c>values</c> of a ValueRange; Google leaves it out for an empty range and drops trailing empty rows and cells.
    /// Strings stay strings, numbers become decimal (double if out of range), booleans bool, null null.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<object?>> ReadValues(string text)
    {
        using var json = JsonDocument.Parse(text);
        if (!json.RootElement.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return values.EnumerateArray()
            .Select(row => (IReadOnlyList<object?>)(row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().Select(ReadCell).ToList() : []))
            .ToList();
    }

    /// <summary>Google's error body: <c>{"error":{"code","message","status","details":[{"reason"}]}}</c>; nulls when it is not one.</summary>
    public static (string? Status, string? Message, string? Reason) ReadError(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            string? reason = null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                reason = details.EnumerateArray()
                    .Select(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null)
                    .FirstOrDefault(r => r is not null);
            }

            return (status, message, reason);
        }
        catch (JsonException)
        {
            // An HTML error page from a front end: classify on the status alone.
            return (null, null, null);
        }
    }

    private static object? ReadCell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.String => cell.GetString(),
        JsonValueKind.Number => cell.TryGetDecimal(out var d) ? d : cell.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => cell.GetRawText(),
    };

    private static void WriteRows(Utf8JsonWriter w, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        w.WriteString("majorDimension", "ROWS");
        w.WriteStartArray("values");
        foreach (var row in rows)
        {
            w.WriteStartArray();
            foreach (var cell in row)
            {
                WriteCell(w, cell);
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void WriteCell(Utf8JsonWriter w, object? cell)
    {
        switch (cell)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case decimal m: w.WriteNumberValue(m); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case DateTimeOffset t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTime t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case IFormattable f: w.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(cell.ToString()); break;
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping keeps ' as itself, so a body reads like Google's samples ('Bob''s'!A1, not \u0027); it is never embedded in HTML.
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
