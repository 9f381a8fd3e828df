using System.Globalization;

namespace Courier.Providers.Sheets;

/// <summary>A1 notation as Google Sheets reads it: quoted sheet names, ranges in URL paths, and row numbers of a returned range.</summary>
public static class SheetsA1
{
    /// <summary>
    /// The sheet name in single quotes with every <c>'</c> doubled (<c>Bob's</c> → <c>'Bob''s'</c>). Always quoted: Google
    /// accepts quotes on any name, and a bare name that looks like a cell (<c>A1</c>, <c>R1C1</c>) or holds a space or symbol
    /// would otherwise be misread.
    /// </summary>
    public static string QuoteSheetName(string sheetName)
    {
        ArgumentException.ThrowIfNullOrEmpty(sheetName);
        return "'" + sheetName.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary><c>'Sheet'!A2:F2</c>; with no <paramref name="cells"/>, the whole sheet (<c>'Sheet'</c>).</summary>
    public static string Range(string sheetName, string? cells = null)
    {
        var sheet = QuoteSheetName(sheetName);
        if (string.IsNullOrEmpty(cells))
        {
            return sheet;
        }

        if (cells.Contains('!', StringComparison.Ordinal) || cells.Contains('\'', StringComparison.Ordinal))
        {
            throw new ArgumentException("The cells part of an A1 range takes no sheet name (no ! or ').", nameof(cells));
        }

        return sheet + "!" + cells;
    }

    /// <summary>The letters of a 0-based column index as A1 names it: 0 → A, 25 → Z, 26 → AA, 702 → AAA.</summary>
    public static string ColumnName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>A range percent-encoded for a URL path segment (<c>'Bob''s'!A:C</c> → <c>%27Bob%27%27s%27%21A%3AC</c>), as Google's clients send it.</summary>
    public static string PathSegment(string range)
    {
        ArgumentException.ThrowIfNullOrEmpty(range);
        return Uri.EscapeDataString(range);
    }

    /// <summary>
    /// The first and last row numbers (1-based, as the sheet shows them) of a range Google returned, such as
    /// <c>updates.updatedRange</c> of an append: <c>'Leads'!A11:D12</c> → (11, 12); <c>Sheet1!B7</c> → (7, 7).
    /// The cells follow the last <c>!</c>, since a quoted sheet name may contain one.
    /// </summary>
    /// <exception cref="FormatException">The range names no row (<c>Sheet1!A:D</c>) or is not A1.</exception>
    public static (int First, int Last) Rows(string range)
    {
        ArgumentException.ThrowIfNullOrEmpty(range);
        var cells = range[(range.LastIndexOf('!') + 1)..];
        var parts = cells.Split(':');
        if (parts.Length > 2)
        {
            throw new FormatException($"'{range}' is not an A1 range.");
        }

        var first = RowOf(parts[0], range);
        var last = parts.Length == 2 ? RowOf(parts[1], range) : first;
        return first <= last ? (first, last) : (last, first);
    }

    private static int RowOf(string cell, string range)
    {
        var plain = cell.Replace("$", "", StringComparison.Ordinal);
        var letters = plain.TakeWhile(char.IsAsciiLetter).Count();
        var digits = plain[letters..];
        if (letters == 0 || digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row < 1)
        {
            throw new FormatException($"'{range}' names no row in '{cell}'.");
        }

        return row;
    }
}
