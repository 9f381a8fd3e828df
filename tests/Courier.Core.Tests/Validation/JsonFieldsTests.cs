using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Tests.Validation;

public sealed class JsonFieldsTests
{
    private static JsonFields Fields(string json) => new(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void String_Present_ReturnsItWithoutError()
    {
        var fields = Fields("{\"name\":\"value\"}");

        Assert.Equal("value", fields.String("name", required: true));
        Assert.Empty(fields.Errors);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":null}")]
    public void String_AbsentOrNullAndRequired_IsRequired(string json)
    {
        var fields = Fields(json);

        Assert.Null(fields.String("name", required: true));
        Assert.Equal([new FieldError("name", "is required")], fields.Errors);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":null}")]
    public void String_AbsentOrNullAndOptional_NullWithoutError(string json)
    {
        var fields = Fields(json);

        Assert.Null(fields.String("name", required: false));
        Assert.Empty(fields.Errors);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void String_OtherType_MustBeAString(string value)
    {
        var fields = Fields($"{{\"name\":{value}}}");

        Assert.Null(fields.String("name", required: false));
        Assert.Equal([new FieldError("name", "must be a string")], fields.Errors);
    }

    [Fact]
    public void String_BlankAndRequired_MustNotBeEmpty()
    {
        var fields = Fields("{\"name\":\"  \"}");

        Assert.Null(fields.String("name", required: true));
        Assert.Equal([new FieldError("name", "must not be empty")], fields.Errors);
    }

    [Fact]
    public void String_BlankAndOptional_ReturnedAsGiven()
    {
        var fields = Fields("{\"name\":\"\"}");

        Assert.Equal("", fields.String("name", required: false));
        Assert.Empty(fields.Errors);
    }

    [Fact]
    public void String_LongerThanMax_ErrorGivesTheLimit()
    {
        var fields = Fields("{\"name\":\"abcd\"}");

        Assert.Equal("abc", Fields("{\"name\":\"abc\"}").String("name", required: true, maxLength: 3));
        Assert.Null(fields.String("name", required: true, maxLength: 3));
        Assert.Equal([new FieldError("name", "must be at most 3 characters")], fields.Errors);
    }

    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("0", 0)]
    [InlineData("-3", -3)]
    [InlineData("1e2", 100)]
    [InlineData("\"12.5\"", 12.5)]
    [InlineData("\" 7 \"", 7)]
    public void Decimal_NumberOrNumericString_Read(string value, double expected)
    {
        var fields = Fields($"{{\"n\":{value}}}");

        Assert.Equal((decimal)expected, fields.Decimal("n", required: true));
        Assert.Empty(fields.Errors);
    }

    [Fact]
    public void Decimal_ManyDigits_KeptExactly()
    {
        Assert.Equal(0.1m + 0.2m, Fields("{\"n\":0.3}").Decimal("n", required: true));
        Assert.Equal(123456789.123456789m, Fields("{\"n\":123456789.123456789}").Decimal("n", required: true));
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"NaN\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("1e400")]
    public void Decimal_NotANumber_MustBeANumber(string value)
    {
        var fields = Fields($"{{\"n\":{value}}}");

        Assert.Null(fields.Decimal("n", required: true));
        Assert.Equal([new FieldError("n", "must be a number")], fields.Errors);
    }

    [Theory]
    [InlineData("2025-03-01T13:45:00+01:00", 13, 1)]
    [InlineData("2025-03-01T13:45:00Z", 13, 0)]
    [InlineData("2025-03-01T13:45:00.123-05:00", 13, -5)]
    [InlineData("2025-03-01 13:45:00+02:00", 13, 2)]
    [InlineData(" 2025-03-01T13:45:00+01:00 ", 13, 1)]
    public void DateTimeWithOffset_WithOffset_KeepsTheOffset(string value, int hour, int offsetHours)
    {
        var fields = Fields($"{{\"at\":\"{value}\"}}");

        var at = fields.DateTimeWithOffset("at", required: true);

        Assert.Empty(fields.Errors);
        Assert.Equal(hour, at!.Value.Hour);
        Assert.Equal(TimeSpan.FromHours(offsetHours), at.Value.Offset);
    }

    [Theory]
    [InlineData("2025-03-01T13:45:00")]
    [InlineData("2025-03-01 13:45")]
    [InlineData("2025-03-01")]
    [InlineData("2025-03-01T25:00:00+01:00")]
    [InlineData("not a date")]
    [InlineData("")]
    public void DateTimeWithOffset_NoOffsetOrUnreadable_Refused(string value)
    {
        var fields = Fields($"{{\"at\":\"{value}\"}}");

        Assert.Null(fields.DateTimeWithOffset("at", required: true));
        Assert.Equal("at", Assert.Single(fields.Errors).Field);
        Assert.Contains("UTC offset", fields.Errors[0].Message);
    }

    [Fact]
    public void DateTimeWithOffset_Number_MustBeAString()
    {
        var fields = Fields("{\"at\":1740833100}");

        Assert.Null(fields.DateTimeWithOffset("at", required: true));
        Assert.Equal([new FieldError("at", "must be a string")], fields.Errors);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Boolean_TrueOrFalse_Read(string value, bool expected)
    {
        Assert.Equal(expected, Fields($"{{\"b\":{value}}}").Boolean("b", required: true));
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public void Boolean_OtherType_MustBeTrueOrFalse(string value)
    {
        var fields = Fields($"{{\"b\":{value}}}");

        Assert.Null(fields.Boolean("b", required: true));
        Assert.Equal([new FieldError("b", "must be true or false")], fields.Errors);
    }

    [Fact]
    public void Object_Nested_ReturnedOtherTypeRefused()
    {
        var fields = Fields("{\"o\":{\"a\":1},\"s\":\"x\"}");

        Assert.Equal(1, fields.Object("o", required: true)!.Value.GetProperty("a").GetInt32());
        Assert.Null(fields.Object("s", required: true));
        Assert.Equal([new FieldError("s", "must be an object")], fields.Errors);
    }

    [Fact]
    public void Has_PresentAbsentOrNull_TrueOnlyWhenPresentAndNotNull()
    {
        var fields = Fields("{\"a\":1,\"n\":null}");

        Assert.True(fields.Has("a"));
        Assert.False(fields.Has("n"));
        Assert.False(fields.Has("missing"));
    }

    [Fact]
    public void Errors_SeveralBadFields_OneErrorEachInOrder()
    {
        var fields = Fields("{\"a\":1,\"b\":\"x\"}");

        fields.String("a", required: true);
        fields.Decimal("b", required: true);
        fields.Boolean("c", required: true);
        fields.Error("d", "custom");

        Assert.Equal(["a", "b", "c", "d"], fields.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void IsObject_NotAnObject_FalseAndReadsNothing(string json)
    {
        var fields = Fields(json);

        Assert.False(fields.IsObject);
        Assert.False(fields.Has("a"));
        Assert.Null(fields.String("a", required: false));
    }
}
