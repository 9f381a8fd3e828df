using Courier.Sandbox.Sheets;

namespace Courier.Sandbox.Tests.Sheets;

public sealed class A1RangeTests
{
    [Theory]
    [InlineData("Sheet1!A1:B2", "Sheet1", 1, 1, 2, 2)]
    [InlineData("'Bob''s'!A1", "Bob's", 1, 1, 1, 1)]
    [InlineData("'Leads 2025'!A:C", "Leads 2025", 1, null, 3, null)]
    [InlineData("Sheet1!2:5", "Sheet1", null, 2, null, 5)]
    [InlineData("Sheet1!A5:C", "Sheet1", 1, 5, 3, null)]
    [InlineData("Sheet1!B2:A1", "Sheet1", 1, 1, 2, 2)]
    [InlineData("A1:AA10", null, 1, 1, 27, 10)]
    [InlineData("'My!Sheet'", "My!Sheet", null, null, null, null)]
    [InlineData("Requests", "Requests", null, null, null, null)]
    public void TryParse_ValidRange_ReadsSheetAndBounds(string text, string? sheet, int? startColumn, int? startRow, int? endColumn, int? endRow)
    {
        Assert.True(A1Range.TryParse(text, out var range));
        Assert.Equal(new A1Range(sheet, startColumn, startRow, endColumn, endRow), range);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bob's!A1")]
    [InlineData("My Sheet!A1")]
    [InlineData("'Unterminated!A1")]
    [InlineData("Sheet1!")]
    [InlineData("Sheet1!A1:B2:C3")]
    [InlineData("Sheet1!A0")]
    [InlineData("Sheet1!1:B")]
    [InlineData("Sheet1!AAAA1")]
    public void TryParse_BadRange_Refuses(string text) => Assert.False(A1Range.TryParse(text, out _));

    [Theory]
    [InlineData("Sheet1", "Sheet1")]
    [InlineData("Bob's", "'Bob''s'")]
    [InlineData("Leads 2025", "'Leads 2025'")]
    [InlineData("A1", "'A1'")]
    public void QuoteSheet_Title_QuotesOnlyWhenNeeded(string title, string expected) => Assert.Equal(expected, A1Range.QuoteSheet(title));
}
