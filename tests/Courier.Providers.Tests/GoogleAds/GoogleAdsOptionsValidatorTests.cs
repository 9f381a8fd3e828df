using Courier.Providers.GoogleAds;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsOptionsValidatorTests
{
    private readonly GoogleAdsOptionsValidator validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new GoogleAdsOptions();

        Assert.True(validator.Validate(null, options).Succeeded);
        Assert.Equal("https://googleads.googleapis.com", options.BaseUrl);
        Assert.Equal("v26", options.ApiVersion);
        Assert.Equal("https://oauth2.googleapis.com/token", options.TokenUrl);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    [InlineData("/relative")]
    public void Validate_BadBaseUrl_ExactMessage(string baseUrl)
    {
        var result = validator.Validate(null, new GoogleAdsOptions { BaseUrl = baseUrl });

        Assert.Equal(["GoogleAds:BaseUrl must be an absolute http or https URL."], result.Failures);
    }

    [Theory]
    [InlineData("21")]
    [InlineData("v21.0")]
    [InlineData("")]
    public void Validate_BadApiVersion_ExactMessage(string version)
    {
        var result = validator.Validate(null, new GoogleAdsOptions { ApiVersion = version });

        Assert.Equal(["GoogleAds:ApiVersion must be 'v' followed by digits, for example v21."], result.Failures);
    }

    [Fact]
    public void Validate_BadTokenUrl_ExactMessage()
    {
        var result = validator.Validate(null, new GoogleAdsOptions { TokenUrl = "token" });

        Assert.Equal(["GoogleAds:TokenUrl must be an absolute http or https URL."], result.Failures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public void Validate_TimeoutOutOfRange_ExactMessage(int seconds)
    {
        var result = validator.Validate(null, new GoogleAdsOptions { Timeout = TimeSpan.FromSeconds(seconds) });

        Assert.Equal(["GoogleAds:Timeout must be between 00:00:01 and 00:10:00."], result.Failures);
    }
}
