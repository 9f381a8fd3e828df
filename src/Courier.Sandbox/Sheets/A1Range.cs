using System.Globalization;
using System.Text;

namespace Courier.Sandbox.Sheets;

/// <summary>
/// A parsed A1 range: an optional sheet title and 1-based bounds, any of which may be open (<c>Sheet1!A:C</c>, <c>Sheet1!2:5</c>,
/// <c>Sheet1!A5:C</c>, <c>Sheet1</c>). Titles other than plain words must be quoted, with <c>'</c> doubled: <c>'Bob''s'!A1</c>.
/// </summary>
internal sealed record A1Range(string? Sheet, int? StartColumn, int? StartRow, int? EndColumn, int? EndRow)
{
    private const int MaxColumn = 18278; // ZZZ
    private const int MaxRow = 10_000_000;

    public static bool TryParse(string text, out A1Range range)
    {
        range = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string? sheet;
        string? cells;
        if (text[0] == '\'')
        {
            var title = new StringBuilder();
            var i = 1;
            while (true)
            {
                if (i >= text.Length)
                {
                    return false; // unterminated quote
                }

                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        title.Append('\'');
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                title.Append(text[i++]);
            }

            if (title.Length == 0 || (i < text.Length && text[i] != '!'))
            {
                return false;
            }

            sheet = title.ToString();
            cells = i < text.Length ? text[(i + 1)..] : null;
        }
        else if (text.IndexOf('!', StringComparison.Ordinal) is var bang and >= 0)
        {
            sheet = text[..bang];
            cells = text[(bang + 1)..];
            if (!IsPlainTitle(sheet))
            {
                return false;
            }
        }
        else if (TryParseCells(text, out var bounds))
        {
            range = bounds;
            return true;
        }
        else
        {
            // A bare title means the whole sheet.
            if (!IsPlainTitle(text))
            {
                return false;
            }

            range = new A1Range(text, null, null, null, null);
            return true;
        }

        if (cells is null)
        {
            range = new A1Range(sheet, null, null, null, null);
            return true;
        }

        if (!TryParseCells(cells, out var parsed))
        {
            return false;
        }

        range = parsed with { Sheet = sheet };
        return true;
    }

    /// <summary>Writes a title as Google does in the ranges it answers: plain words as they are, anything else quoted with <c>'</c> doubled.</summary>
    public static string QuoteSheet(string title) =>
        IsPlainTitle(title) && !LooksLikeCell(title) ? title : $"'{title.Replace("'", "''", StringComparison.Ordinal)}'";

    public static string Format(string sheet, int startColumn, int startRow, int endColumn, int endRow)
    {
        var start = $"{ColumnName(startColumn)}{startRow.ToString(CultureInfo.InvariantCulture)}";
        var end = $"{ColumnName(endColumn)}{endRow.ToString(CultureInfo.InvariantCulture)}";
        return start == end ? $"{QuoteSheet(sheet)}!{start}" : $"{QuoteSheet(sheet)}!{start}:{end}";
    }

    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            name = (char)('A' + ((column - 1) % 26)) + name;
        }

        return name;
    }

    private static bool IsPlainTitle(string title) => title.Length > 0 && title.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool LooksLikeCell(string title) => TryParseCell(title, out var column, out var row) && (column is not null || row is not null);

    private static bool TryParseCells(string text, out A1Range range)
    {
        range = null!;
        var parts = text.Split(':');
        if (parts.Length > 2 || !TryParseCell(parts[0], out var c1, out var r1))
        {
            return false;
        }

        if (parts.Length == 1)
        {
            // A single reference must name one cell.
            if (c1 is null || r1 is null)
            {
                return false;
            }

            range = new A1Range(null, c1, r1, c1, r1);
            return true;
        }

        if (!TryParseCell(parts[1], out var c2, out var r2))
        {
            return false;
        }

        var valid = c1 is null
            ? c2 is null && r1 is not null && r2 is not null // 2:5
            : c2 is not null && (r1 is not null || r2 is null); // A:C, A1:C3, A5:C
        if (!valid)
        {
            return false;
        }

        // Google normalises reversed corners (B2:A1 is A1:B2).
        range = new A1Range(null, Min(c1, c2), Min(r1, r2), Max(c1, c2), r2 is null ? null : Max(r1, r2));
        return true;
    }

    private static bool TryParseCell(string text, out int? column, out int? row)
    {
        column = null;
        row = null;
        var i = 0;
        var c = 0;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            c = (c * 26) + (char.ToUpperInvariant(text[i]) - 'A' + 1);
            if (++i > 3)
            {
                return false;
            }
        }

        var digits = text[i..];
        if (digits.Length > 0)
        {
            if (digits.Length > 8 || !digits.All(char.IsAsciiDigit) || digits[0] == '0')
            {
                return false;
            }

            row = int.Parse(digits, CultureInfo.InvariantCulture);
        }

        column = i > 0 ? c : null;
        return (column is not null || row is not null) && column is null or <= MaxColumn && row is null or <= MaxRow;
    }

    private static int? Min(int? a, int? b) => a is null || b is null ? a ?? b : Math.Min(a.Value, b.Value);

    private static int? Max(int? a, int? b) => a is null || b is null ? a ?? b : Math.Max(a.Value, b.Value);
}
