using Courier.Providers.Sheets;

namespace Courier.Providers.Tests.Sheets;

public sealed class SheetsOptionsValidatorTests
{
    private readonly SheetsOptionsValidator validator = new();

    [Fact]
    public void Validate_Defaults_SucceedsWithGoogleUrls()
    {
        var options = new SheetsOptions();

        Assert.True(validator.Validate(null, options).Succeeded);
        Assert.Equal("https://sheets.googleapis.com", options.BaseUrl);
        Assert.Equal("https://oauth2.googleapis.com/token", options.TokenUrl);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    [InlineData("/relative")]
    [InlineData("")]
    public void Validate_BadUrls_ExactMessages(string url)
    {
        var result = validator.Validate(null, new SheetsOptions { BaseUrl = url, TokenUrl = url });

        Assert.Equal(["Sheets:BaseUrl must be an absolute http or https URL.", "Sheets:TokenUrl must be an absolute http or https URL."], result.Failures);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.500")]
    [InlineData("00:05:01")]
    public void Validate_TimeoutOutOfRange_ExactMessage(string timeout)
    {
        var result = validator.Validate(null, new SheetsOptions { Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(["Sheets:Timeout must be between 00:00:01 and 00:05:00."], result.Failures);
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:05:00")]
    public void Validate_TimeoutAtBounds_Succeeds(string timeout)
    {
        Assert.True(validator.Validate(null, new SheetsOptions { Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }).Succeeded);
    }
}
