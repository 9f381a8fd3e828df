using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Core.Validation;

namespace Courier.Core.Tests.Jobs.Conversions;

public sealed class ConversionSubmissionTests
{
    private static JsonObject Valid() => new()
    {
        ["siteId"] = "site-1",
        ["saleId"] = "sale-42",
        ["gclid"] = "Cj0KCQiA-gclid",
        ["conversionDateTime"] = "2025-03-01T13:45:00+01:00",
        ["value"] = 129.90m,
        ["currency"] = "EUR",
    };

    private static (ConversionPayload? Payload, IReadOnlyList<FieldError> Errors) Parse(JsonObject body) =>
        ConversionSubmission.Parse(JsonSerializer.SerializeToElement(body));

    private static (ConversionPayload? Payload, IReadOnlyList<FieldError> Errors) Parse(Action<JsonObject> change)
    {
        var body = Valid();
        change(body);
        return Parse(body);
    }

    private static FieldError SingleError((ConversionPayload? Payload, IReadOnlyList<FieldError> Errors) parsed)
    {
        Assert.Null(parsed.Payload);
        return Assert.Single(parsed.Errors);
    }

    [Fact]
    public void Parse_ValidGclid_ReadsEveryField()
    {
        var (payload, errors) = Parse(Valid());

        Assert.Empty(errors);
        Assert.Equal(
            new ConversionPayload("site-1", "sale-42", ClickIdKind.Gclid, "Cj0KCQiA-gclid", new DateTimeOffset(2025, 3, 1, 13, 45, 0, TimeSpan.FromHours(1)), 129.90m, "EUR", "sale-42"),
            payload);
        Assert.Equal(TimeSpan.FromHours(1), payload!.ConversionDateTime.Offset);
    }

    [Theory]
    [InlineData("gclid", ClickIdKind.Gclid)]
    [InlineData("gbraid", ClickIdKind.Gbraid)]
    [InlineData("wbraid", ClickIdKind.Wbraid)]
    public void Parse_OneClickIdOfEachKind_ReadsKindAndValue(string field, ClickIdKind kind)
    {
        var (payload, errors) = Parse(b =>
        {
            b.Remove("gclid");
            b[field] = "  click-value  ";
        });

        Assert.Empty(errors);
        Assert.Equal(kind, payload!.ClickIdKind);
        Assert.Equal("click-value", payload.ClickId);
    }

    [Fact]
    public void Parse_OtherClickIdsNull_Accepted()
    {
        var (payload, errors) = Parse(b =>
        {
            b["gbraid"] = null;
            b["wbraid"] = null;
        });

        Assert.Empty(errors);
        Assert.Equal(ClickIdKind.Gclid, payload!.ClickIdKind);
    }

    [Fact]
    public void Parse_NoOrderId_SaleIdSentAsOrderId()
    {
        Assert.Equal("sale-42", Parse(Valid()).Payload!.OrderId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_OrderIdNullOrBlank_SaleIdSentAsOrderId(string? orderId)
    {
        var (payload, errors) = Parse(b => b["orderId"] = orderId);

        Assert.Empty(errors);
        Assert.Equal("sale-42", payload!.OrderId);
    }

    [Fact]
    public void Parse_OrderIdGiven_Kept()
    {
        Assert.Equal("order-7", Parse(b => b["orderId"] = "order-7").Payload!.OrderId);
    }

    [Theory]
    [InlineData("129.90", 129.90)]
    [InlineData("0", 0)]
    public void Parse_ValueAsNumericString_Accepted(string value, double expected)
    {
        var (payload, errors) = Parse(b => b["value"] = value);

        Assert.Empty(errors);
        Assert.Equal((decimal)expected, payload!.Value);
    }

    [Theory]
    [InlineData("2025-03-01T13:45:00Z")]
    [InlineData("2025-03-01T13:45:00-05:00")]
    [InlineData("2025-03-01 13:45:00+01:00")]
    public void Parse_DateWithOffset_Accepted(string at)
    {
        var (payload, errors) = Parse(b => b["conversionDateTime"] = at);

        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), payload!.ConversionDateTime);
    }

    [Fact]
    public void Parse_TwoClickIds_ErrorNamesTheSecond()
    {
        var error = SingleError(Parse(b => b["gbraid"] = "braid"));

        Assert.Equal("gbraid", error.Field);
        Assert.Contains("exactly one of gclid, gbraid or wbraid", error.Message);
    }

    [Fact]
    public void Parse_ThreeClickIds_Refused()
    {
        var (payload, errors) = Parse(b =>
        {
            b["gbraid"] = "braid";
            b["wbraid"] = "wbraid";
        });

        Assert.Null(payload);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains(e.Field, new[] { "gclid", "gbraid", "wbraid" }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NoClickId_ErrorNamesGclid(string? gclid)
    {
        var error = SingleError(Parse(b => b["gclid"] = gclid));

        Assert.Equal("gclid", error.Field);
        Assert.Contains("exactly one of gclid, gbraid or wbraid is required", error.Message);
    }

    [Fact]
    public void Parse_ClickIdOfWrongType_ErrorNamesItWithoutAlsoSayingNoneGiven()
    {
        var error = SingleError(Parse(b => b["gclid"] = 12345));

        Assert.Equal(new FieldError("gclid", "must be a string"), error);
    }

    [Theory]
    [InlineData("2025-03-01T13:45:00")]
    [InlineData("2025-03-01 13:45:00")]
    [InlineData("2025-03-01")]
    [InlineData("yesterday")]
    [InlineData("2025-13-45T99:00:00+01:00")]
    public void Parse_DateWithoutOffsetOrUnreadable_ErrorNamesConversionDateTime(string at)
    {
        var error = SingleError(Parse(b => b["conversionDateTime"] = at));

        Assert.Equal("conversionDateTime", error.Field);
        Assert.Contains("UTC offset", error.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12,5.0.1")]
    [InlineData("")]
    public void Parse_NonNumericValue_ErrorNamesValue(string value)
    {
        Assert.Equal(new FieldError("value", "must be a number"), SingleError(Parse(b => b["value"] = value)));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(-100)]
    public void Parse_NegativeValue_ErrorNamesValue(double value)
    {
        Assert.Equal(new FieldError("value", "must not be negative"), SingleError(Parse(b => b["value"] = (decimal)value)));
    }

    [Fact]
    public void Parse_SiteIdAsNumber_ErrorNamesSiteId()
    {
        Assert.Equal(new FieldError("siteId", "must be a string"), SingleError(Parse(b => b["siteId"] = 42)));
    }

    [Fact]
    public void Parse_ValueAsObject_ErrorNamesValue()
    {
        Assert.Equal(new FieldError("value", "must be a number"), SingleError(Parse(b => b["value"] = new JsonObject { ["amount"] = 1 })));
    }

    [Fact]
    public void Parse_ValueAsBoolean_ErrorNamesValue()
    {
        Assert.Equal(new FieldError("value", "must be a number"), SingleError(Parse(b => b["value"] = true)));
    }

    [Fact]
    public void Parse_UnknownField_ErrorNamesIt()
    {
        Assert.Equal(new FieldError("gclidd", "is not a known field"), SingleError(Parse(b => b["gclidd"] = "typo")));
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public void Parse_BadCurrency_ErrorNamesCurrency(string currency)
    {
        Assert.Equal("currency", SingleError(Parse(b => b["currency"] = currency)).Field);
    }

    [Fact]
    public void Parse_CurrencyAsNumber_ErrorNamesCurrency()
    {
        Assert.Equal(new FieldError("currency", "must be a string"), SingleError(Parse(b => b["currency"] = 978)));
    }

    [Theory]
    [InlineData("siteId")]
    [InlineData("saleId")]
    [InlineData("conversionDateTime")]
    [InlineData("value")]
    [InlineData("currency")]
    public void Parse_RequiredFieldMissing_ErrorNamesIt(string field)
    {
        Assert.Equal(new FieldError(field, "is required"), SingleError(Parse(b => b.Remove(field))));
    }

    [Theory]
    [InlineData("siteId")]
    [InlineData("saleId")]
    public void Parse_IdEmpty_ErrorNamesIt(string field)
    {
        Assert.Equal(new FieldError(field, "must not be empty"), SingleError(Parse(b => b[field] = " ")));
    }

    [Theory]
    [InlineData("siteId")]
    [InlineData("saleId")]
    [InlineData("orderId")]
    public void Parse_IdTooLong_ErrorNamesIt(string field)
    {
        Assert.Equal(new FieldError(field, "must be at most 200 characters"), SingleError(Parse(b => b[field] = new string('x', 201))));
    }

    [Theory]
    [InlineData("siteId")]
    [InlineData("saleId")]
    public void Parse_IdWithControlCharacter_ErrorNamesIt(string field)
    {
        Assert.Equal(field, SingleError(Parse(b => b[field] = "id\n1")).Field);
    }

    [Fact]
    public void Parse_LongestAcceptedIds_FormAQueueItemId()
    {
        // Whatever Parse accepts must be queueable: the item id is "{siteId}:{saleId}".
        var (payload, errors) = Parse(b =>
        {
            b["siteId"] = new string('s', 200);
            b["saleId"] = new string('x', 199);
        });

        Assert.Empty(errors);
        QueueKeys.Validate(ConversionsQueue.Name, ConversionsQueue.IdOf(payload!.SiteId, payload.SaleId));
    }

    [Fact]
    public void Parse_IdsTooLongTogether_ErrorNamesSaleId()
    {
        var error = SingleError(Parse(b =>
        {
            b["siteId"] = new string('s', 200);
            b["saleId"] = new string('x', 200);
        }));

        Assert.Equal("saleId", error.Field);
    }

    [Fact]
    public void Parse_SeveralBadFields_NamesEveryOne()
    {
        var (payload, errors) = Parse(b =>
        {
            b["siteId"] = 42;
            b["value"] = -1;
            b["currency"] = "euro";
            b["conversionDateTime"] = "2025-03-01T13:45:00";
            b["extra"] = true;
        });

        Assert.Null(payload);
        Assert.Equal(["conversionDateTime", "currency", "extra", "siteId", "value"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("42")]
    public void Parse_BodyNotAnObject_SingleErrorOnTheBody(string json)
    {
        var (payload, errors) = ConversionSubmission.Parse(JsonDocument.Parse(json).RootElement);

        Assert.Null(payload);
        Assert.Equal("$", Assert.Single(errors).Field);
    }

    [Fact]
    public void Parse_SiteIdWithColon_RefusedSoTwoSalesCannotShareAnId()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"siteId":"a:b","saleId":"c","gclid":"g1","conversionDateTime":"2026-01-02T13:45:00+01:00","value":1,"currency":"EUR"}""");

        var (payload, errors) = ConversionSubmission.Parse(doc.RootElement);

        Assert.Null(payload);
        Assert.Contains(errors, e => e.Field == "siteId" && e.Message.Contains(':', StringComparison.Ordinal));
    }
}
