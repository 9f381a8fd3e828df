using System.Globalization;
using System.Text.RegularExpressions;

namespace Courier.Sandbox.GoogleAds;

/// <summary>Parses a version list such as "v17,v19-v22" into version numbers; throws <see cref="FormatException"/> naming the bad item.</summary>
internal static partial class ApiVersionSet
{
    public static IReadOnlySet<int> Parse(string? text, string setting)
    {
        var versions = new HashSet<int>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Item().Match(item);
            if (!match.Success)
            {
                throw new FormatException($"{setting}: '{item}' is not a version such as v21 or a range such as v19-v22.");
            }

            var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : first;
            if (last < first)
            {
                throw new FormatException($"{setting}: the range '{item}' ends before it starts.");
            }

            for (var v = first; v <= last; v++)
            {
                versions.Add(v);
            }
        }

        return versions;
    }

    [GeneratedRegex(@"^v(\d{1,3})(?:-v(\d{1,3}))?$")]
    private static partial Regex Item();
}
