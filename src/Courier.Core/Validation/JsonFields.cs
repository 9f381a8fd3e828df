using System.Globalization;
using System.Text.Json;

namespace Courier.Core.Validation;

/// <summary>
/// Reads fields of a JSON object for input validation, collecting one readable <see cref="FieldError"/> per bad field
/// instead of failing on the first; shared by every job's producer API.
/// </summary>
public sealed class JsonFields(JsonElement body)
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool IsObject => body.ValueKind == JsonValueKind.Object;

    public bool Has(string name) => IsObject && body.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public void Error(string field, string message) => _errors.Add(new FieldError(field, message));

    /// <summary>A string field; null (with an error when <paramref name="required"/>) when absent, or an error when of another type.</summary>
    public string? String(string name, bool required, int maxLength = 1000)
    {
        if (!TryGet(name, required, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) { Error(name, "must be a string"); return null; }
        var s = v.GetString()!;
        if (required && string.IsNullOrWhiteSpace(s)) { Error(name, "must not be empty"); return null; }
        if (s.Length > maxLength) { Error(name, $"must be at most {maxLength} characters"); return null; }
        return s;
    }

    /// <summary>A decimal number field (a JSON number, or a string holding an invariant-culture number).</summary>
    public decimal? Decimal(string name, bool required)
    {
        if (!TryGet(name, required, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out d)) return d;
        Error(name, "must be a number");
        return null;
    }

    /// <summary>A whole-number field from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int? Int(string name, bool required, int min, int max)
    {
        if (!TryGet(name, required, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max) return n;
        Error(name, $"must be a whole number from {min} to {max}");
        return null;
    }

    /// <summary>A date-time field that must carry an explicit UTC offset (ISO 8601, e.g. 2026-01-02T13:45:00+01:00).</summary>
    public DateTimeOffset? DateTimeWithOffset(string name, bool required)
    {
        if (!TryGet(name, required, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) { Error(name, "must be a string"); return null; }
        var s = v.GetString()!.Trim();
        if (!HasOffset(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            Error(name, "must be a date and time with a UTC offset, e.g. 2026-01-02T13:45:00+01:00");
            return null;
        }

        return parsed;
    }

    /// <summary>A boolean field.</summary>
    public bool? Boolean(string name, bool required)
    {
        if (!TryGet(name, required, out var v)) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        Error(name, "must be true or false");
        return null;
    }

    /// <summary>A nested object field.</summary>
    public JsonElement? Object(string name, bool required)
    {
        if (!TryGet(name, required, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Object) { Error(name, "must be an object"); return null; }
        return v;
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        value = default;
        if (!IsObject) return false;
        if (body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        if (required) Error(name, "is required");
        return false;
    }

    // "Z" or "+hh:mm"/"-hh:mm" after the time part: a bare local time is ambiguous and refused.
    private static bool HasOffset(string s)
    {
        var t = s.IndexOfAny(['T', 't', ' ']);
        if (t < 0) return false;
        var time = s[(t + 1)..];
        return time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }
}
