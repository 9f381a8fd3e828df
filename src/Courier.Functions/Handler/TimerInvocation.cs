using System.Text.Json;

namespace Courier.Functions.Handler;

/// <summary>What Courier reads from the host's timer payload <c>{"Data":{"timer":{…,"IsPastDue":b}},"Metadata":{…}}</c>.</summary>
/// <param name="IsPastDue">True when the host fires a missed occurrence late.</param>
public sealed record TimerInvocation(bool IsPastDue)
{
    /// <summary>Parses the payload; an empty body is a normal on-time firing. Throws <see cref="JsonException"/> for malformed JSON.</summary>
    public static TimerInvocation Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return new TimerInvocation(false);
        using var document = JsonDocument.Parse(body);
        var timer = Property(Property(document.RootElement, "Data"), "timer");
        var pastDue = Property(timer, "IsPastDue");
        return new TimerInvocation(pastDue?.ValueKind == JsonValueKind.True);
    }

    private static JsonElement? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj) return null;
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }

        return null;
    }
}
