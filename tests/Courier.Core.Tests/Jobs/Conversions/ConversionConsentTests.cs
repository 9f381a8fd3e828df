using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Conversions;

namespace Courier.Core.Tests.Jobs.Conversions;

/// <summary>Consent from the request (validated per field) and the per-site defaults the upload completes it with.</summary>
public sealed class ConversionConsentTests
{
    private static JsonObject Body(JsonNode? consent) => new()
    {
        ["siteId"] = "site-1",
        ["saleId"] = "sale-1",
        ["gclid"] = "g",
        ["conversionDateTime"] = "2025-03-01T13:45:00+01:00",
        ["value"] = 1,
        ["currency"] = "EUR",
        ["consent"] = consent,
    };

    private static (ConversionPayload? Payload, IReadOnlyList<Courier.Core.Validation.FieldError> Errors) Parse(JsonNode? consent) =>
        ConversionSubmission.Parse(JsonSerializer.SerializeToElement(Body(consent)));

    [Fact]
    public void Parse_BothParts_Kept()
    {
        var (payload, errors) = Parse(new JsonObject { ["adUserData"] = "GRANTED", ["adPersonalization"] = "DENIED" });

        Assert.Empty(errors);
        Assert.Equal(new ConversionConsent("GRANTED", "DENIED"), payload!.Consent);
    }

    [Fact]
    public void Parse_NoConsentOrEmptyObject_NoConsent()
    {
        Assert.Null(Parse(null).Payload!.Consent);
        Assert.Null(Parse(new JsonObject()).Payload!.Consent);
    }

    [Theory]
    [InlineData("adUserData", "granted")]
    [InlineData("adUserData", "MAYBE")]
    [InlineData("adPersonalization", "UNKNOWN")]
    public void Parse_BadValue_400NamingTheField(string field, string value)
    {
        var (payload, errors) = Parse(new JsonObject { [field] = value });

        Assert.Null(payload);
        var error = Assert.Single(errors);
        Assert.Equal($"consent.{field}", error.Field);
        Assert.Equal("must be one of GRANTED, DENIED, UNSPECIFIED", error.Message);
    }

    [Fact]
    public void Parse_UnknownPartOrNotAnObject_400NamingTheField()
    {
        Assert.Equal("consent.adStorage", Assert.Single(Parse(new JsonObject { ["adStorage"] = "GRANTED" }).Errors).Field);
        Assert.Equal("consent", Assert.Single(Parse("GRANTED").Errors).Field);
    }

    [Fact]
    public void ConsentFor_SiteSettingOverTheDefault_PartByPart()
    {
        var options = new ConversionsOptions
        {
            DefaultConsent = new ConsentSetting { AdUserData = "DENIED", AdPersonalization = "DENIED" },
            SiteConsent = { ["shop-eu"] = new ConsentSetting { AdUserData = "GRANTED" } },
        };

        Assert.Equal(new ConversionConsent("GRANTED", "DENIED"), options.ConsentFor("shop-eu"));
        Assert.Equal(new ConversionConsent("DENIED", "DENIED"), options.ConsentFor("other"));
        Assert.Null(new ConversionsOptions().ConsentFor("any"));
    }

    [Fact]
    public void Validate_BadDefault_FailsNamingTheSetting()
    {
        var options = new ConversionsOptions { SiteConsent = { ["shop"] = new ConsentSetting { AdPersonalization = "yes" } } };

        var result = new ConversionsOptionsValidator().Validate(null, options);

        Assert.Equal(["Conversions:SiteConsent:shop:AdPersonalization 'yes' must be one of GRANTED, DENIED, UNSPECIFIED."], result.Failures);
    }

    [Fact]
    public async Task Run_RequestPartsWinAndTheSiteDefaultFillsTheRest_OnTheUploadedRows()
    {
        var harness = new ConversionsHarness(new ConversionsOptions
        {
            DefaultConsent = new ConsentSetting { AdUserData = "DENIED" },
            SiteConsent = { ["site-a"] = new ConsentSetting { AdPersonalization = "GRANTED" } },
        });
        await harness.SeedCredentialsAsync("site-a", "site-b");
        await harness.Queue.EnqueueAsync(ConversionsHarness.Payload("site-a", "given") with { Consent = new ConversionConsent("GRANTED", null) });
        await harness.Queue.EnqueueAsync(ConversionsHarness.Payload("site-a", "none"));
        await harness.Queue.EnqueueAsync(ConversionsHarness.Payload("site-b", "none"));

        await harness.RunTimerAsync();

        var sent = harness.Uploader.Calls.SelectMany(c => c.Rows).ToDictionary(r => (r.SiteId, r.SaleId), r => r.Consent);
        Assert.Equal(new ConversionConsent("GRANTED", "GRANTED"), sent[("site-a", "given")]);
        Assert.Equal(new ConversionConsent("DENIED", "GRANTED"), sent[("site-a", "none")]);
        Assert.Equal(new ConversionConsent("DENIED", null), sent[("site-b", "none")]);
    }
}
