using Courier.Providers.Sheets;
using FsCheck;
using FsCheck.Xunit;

namespace Courier.Providers.Tests.Sheets;

public sealed class SheetsA1Tests
{
    [Theory]
    [InlineData("Sheet1", "'Sheet1'")]
    [InlineData("Bob's", "'Bob''s'")]
    [InlineData("Leads 2025", "'Leads 2025'")]
    [InlineData("''", "''''''")]
    [InlineData("A1", "'A1'")]
    [InlineData("a!b:c", "'a!b:c'")]
    public void QuoteSheetName_Name_QuotedWithQuotesDoubled(string name, string expected)
    {
        Assert.Equal(expected, SheetsA1.QuoteSheetName(name));
    }

    [Fact]
    public void Range_SheetAndCells_GoogleForm()
    {
        Assert.Equal("'Bob''s'!A2:F2", SheetsA1.Range("Bob's", "A2:F2"));
        Assert.Equal("'Bob''s'", SheetsA1.Range("Bob's"));
    }

    [Theory]
    [InlineData("Other!A1")]
    [InlineData("A'1")]
    public void Range_CellsWithSheetPart_Throws(string cells)
    {
        Assert.Throws<ArgumentException>(() => SheetsA1.Range("S", cells));
    }

    [Fact]
    public void QuoteSheetName_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => SheetsA1.QuoteSheetName(""));
    }

    [Theory]
    [InlineData("'Bob''s'!A:C", "%27Bob%27%27s%27%21A%3AC")]
    [InlineData("'Leads 2025'!A1", "%27Leads%202025%27%21A1")]
    [InlineData("'a/b?c#d&e'!A1", "%27a%2Fb%3Fc%23d%26e%27%21A1")]
    public void PathSegment_Range_PercentEncoded(string range, string expected)
    {
        Assert.Equal(expected, SheetsA1.PathSegment(range));
    }

    [Theory]
    [InlineData("Sheet1!A11:D11", 11, 11)]
    [InlineData("'Bob''s'!A11:F12", 11, 12)]
    [InlineData("'x!y'!B7", 7, 7)]
    [InlineData("Sheet1!$A$3:$C$9", 3, 9)]
    [InlineData("Sheet1!AA100:AB101", 100, 101)]
    public void Rows_UpdatedRange_FirstAndLastRow(string range, int first, int last)
    {
        Assert.Equal((first, last), SheetsA1.Rows(range));
    }

    [Theory]
    [InlineData("Sheet1!A:D")]
    [InlineData("Sheet1!11:12x")]
    [InlineData("Sheet1!A0")]
    [InlineData("Sheet1!A1:B2:C3")]
    public void Rows_NoRow_FormatException(string range)
    {
        Assert.Throws<FormatException>(() => SheetsA1.Rows(range));
    }

    [Property]
    public bool QuoteSheetName_AnyName_UnquotesToTheSameName(NonEmptyString name)
    {
        var quoted = SheetsA1.QuoteSheetName(name.Get);
        return quoted.StartsWith('\'') && quoted.EndsWith('\'') && quoted[1..^1].Replace("''", "'", StringComparison.Ordinal) == name.Get
            && !quoted[1..^1].Replace("''", "", StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal);
    }

    [Property]
    public bool PathSegment_AnyRange_DecodesBackAndHasNoPathDelimiter(NonEmptyString name, PositiveInt row)
    {
        var range = SheetsA1.Range(name.Get, $"A{row.Get}:C{row.Get}");
        var segment = SheetsA1.PathSegment(range);
        return Uri.UnescapeDataString(segment) == range && !segment.Contains('/', StringComparison.Ordinal) && !segment.Contains('?', StringComparison.Ordinal)
            && !segment.Contains('#', StringComparison.Ordinal) && SheetsA1.Rows(range) == (row.Get, row.Get);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(51, "AZ")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void ColumnName_IsTheA1LettersOfAZeroBasedIndex(int index, string name) => Assert.Equal(name, SheetsA1.ColumnName(index));
}
