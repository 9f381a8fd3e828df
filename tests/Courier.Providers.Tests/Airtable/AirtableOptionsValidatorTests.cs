using Courier.Providers.Airtable;

namespace Courier.Providers.Tests.Airtable;

public sealed class AirtableOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new AirtableOptionsValidator().Validate(null, new AirtableOptions()).Succeeded);

    [Fact]
    public void Validate_BadValues_NamesEverySetting()
    {
        var result = new AirtableOptionsValidator().Validate(null, new AirtableOptions
        {
            BaseUrl = "ftp://x",
            Timeout = TimeSpan.Zero,
            RequestsPerSecondPerBase = 0,
            RateWindow = TimeSpan.Zero,
            RateLimitWait = TimeSpan.Zero,
        });

        Assert.Equal(
            [
                "Airtable:BaseUrl must be an absolute http or https URL.",
                "Airtable:Timeout must be between 00:00:01 and 00:05:00.",
                "Airtable:RequestsPerSecondPerBase must be between 1 and 50.",
                "Airtable:RateWindow must be between 00:00:01 and 00:01:00.",
                "Airtable:RateLimitWait must be between 00:00:01 and 00:10:00.",
            ],
            result.Failures);
    }
}
