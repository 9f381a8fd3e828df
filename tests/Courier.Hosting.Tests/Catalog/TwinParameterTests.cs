using Courier.Hosting.Catalog;

namespace Courier.Hosting.Tests.Catalog;

public sealed class TwinParameterTests
{
    private static readonly TwinParameter Limit = new("limit", 1, 2000);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("2000", 2000)]
    [InlineData("50", 50)]
    public void Parse_IntegerInRange_ReturnsIt(string raw, int expected)
    {
        Assert.Equal(expected, Limit.Parse(raw, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("abc", "'limit' must be an integer between 1 and 2000.")]
    [InlineData("1.5", "'limit' must be an integer between 1 and 2000.")]
    [InlineData("", "'limit' must be an integer between 1 and 2000.")]
    [InlineData(null, "'limit' must be an integer between 1 and 2000.")]
    [InlineData("0", "'limit' must be between 1 and 2000.")]
    [InlineData("2001", "'limit' must be between 1 and 2000.")]
    public void Parse_Invalid_ReturnsNullWithMessage(string? raw, string message)
    {
        Assert.Null(Limit.Parse(raw, out var error));
        Assert.Equal(message, error);
    }
}
