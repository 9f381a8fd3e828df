using System.Globalization;

namespace Courier.Hosting.Catalog;

/// <summary>An integer query parameter a twin accepts and passes to its job as a run parameter.</summary>
/// <param name="Name">The query name, also the key in <c>JobRunContext.Parameters</c>.</param>
/// <param name="Min">Smallest accepted value.</param>
/// <param name="Max">Largest accepted value.</param>
public sealed record TwinParameter(string Name, int Min, int Max)
{
    /// <summary>Parses <paramref name="raw"/>; returns null and a readable reason when it is not an integer in range.</summary>
    public int? Parse(string? raw, out string? error)
    {
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{Name}' must be an integer between {Min} and {Max}.";
            return null;
        }

        if (value < Min || value > Max)
        {
            error = $"'{Name}' must be between {Min} and {Max}.";
            return null;
        }

        error = null;
        return value;
    }
}
