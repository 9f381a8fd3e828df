using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Sheets;

/// <summary>How sent values become cells (RAW keeps them; USER_ENTERED parses numbers and booleans typed as text) and how cells are rendered.</summary>
internal static class CellValues
{
    /// <summary>Converts one sent value; null when the value is not a string, number or boolean.</summary>
    public static JsonValue? Input(JsonNode value, bool userEntered)
    {
        if (value is not JsonValue scalar)
        {
            return null;
        }

        switch (scalar.GetValueKind())
        {
            case JsonValueKind.Number:
                return JsonValue.Create(scalar.GetValue<double>());
            case JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(scalar.GetValue<bool>());
            case JsonValueKind.String:
                var text = scalar.GetValue<string>();
                if (!userEntered)
                {
                    return JsonValue.Create(text);
                }

                // As if typed into the sheet: a leading apostrophe forces text; formulas are kept as entered, not evaluated.
                if (text.StartsWith('\''))
                {
                    return JsonValue.Create(text[1..]);
                }

                if (bool.TryParse(text, out var flag))
                {
                    return JsonValue.Create(flag);
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !text.StartsWith('=')
                    ? JsonValue.Create(number)
                    : JsonValue.Create(text);
            default:
                return null;
        }
    }

    /// <summary>A cell as FORMATTED_VALUE renders it: text as it is, numbers in general format, booleans as TRUE/FALSE.</summary>
    public static string Formatted(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => value.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "TRUE",
        JsonValueKind.False => "FALSE",
        _ => value.GetValue<string>(),
    };
}
