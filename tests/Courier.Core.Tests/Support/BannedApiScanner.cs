using System.Text.RegularExpressions;

namespace Courier.Core.Tests.Support;

/// <summary>
/// Finds clock reads and delays that bypass the injected TimeProvider (style rule 3) in C# source text.
/// Comment lines are skipped; <c>Task.Delay</c> is allowed only when its second argument is a time provider.
/// </summary>
internal static partial class BannedApiScanner
{
    public static IReadOnlyList<string> Scan(string source)
    {
        var findings = new List<string>();
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]);
            foreach (Match m in ClockRead().Matches(line)) findings.Add($"line {i + 1}: {m.Value}");
        }

        var code = string.Join('\n', lines.Select(StripComment));
        foreach (Match m in DelayCall().Matches(code))
        {
            var args = Arguments(code, m.Index + m.Length);
            if (args.Count < 2 || !LooksLikeTimeProvider(args[1])) findings.Add($"line {LineOf(code, m.Index)}: Task.Delay({string.Join(", ", args)}) without a TimeProvider");
        }

        return findings;
    }

    private static string StripComment(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('*') || trimmed.StartsWith("/*", StringComparison.Ordinal)) return string.Empty;
        // A trailing comment after code; "://" keeps URLs in strings intact.
        var at = TrailingComment().Match(line);
        return at.Success ? line[..at.Index] : line;
    }

    /// <summary>The top-level arguments of a call whose opening parenthesis ends just before <paramref name="start"/>.</summary>
    private static List<string> Arguments(string code, int start)
    {
        var args = new List<string>();
        var depth = 0;
        var from = start;
        for (var i = start; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '(' or '[' or '{' or '<') depth++;
            else if (c is ']' or '}' or '>') depth--;
            else if (c == ')')
            {
                if (depth == 0)
                {
                    var last = code[from..i].Trim();
                    if (last.Length > 0) args.Add(last);
                    return args;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                args.Add(code[from..i].Trim());
                from = i + 1;
            }
        }

        return args;
    }

    private static bool LooksLikeTimeProvider(string argument)
    {
        var name = argument.Split('.')[^1].TrimStart('_');
        return argument.Contains("TimeProvider", StringComparison.Ordinal)
            || name.Equals("time", StringComparison.OrdinalIgnoreCase)
            || name.Equals("clock", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("TimeProvider", StringComparison.OrdinalIgnoreCase);
    }

    private static int LineOf(string code, int index) => code.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(UtcNow|Now|Today)\b")]
    private static partial Regex ClockRead();

    [GeneratedRegex(@"\bTask\s*\.\s*Delay\s*\(")]
    private static partial Regex DelayCall();

    [GeneratedRegex(@"(?<!:)//")]
    private static partial Regex TrailingComment();
}
