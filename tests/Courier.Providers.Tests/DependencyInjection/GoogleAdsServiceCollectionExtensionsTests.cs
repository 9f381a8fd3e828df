using Courier.Providers.GoogleAds;
using Courier.Providers.Http;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.DependencyInjection;

public sealed class GoogleAdsServiceCollectionExtensionsTests
{
    private static readonly Uri Sandbox = new("http://127.0.0.1:9/");

    [Fact]
    public void AddGoogleAdsProvider_Settings_BoundFromGoogleAdsSection()
    {
        using var services = ProviderServices.Build(Sandbox, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "v23", ["GoogleAds:Timeout"] = "00:00:45" });
        services.GetRequiredService<IStartupValidator>().Validate();

        var options = services.GetRequiredService<IOptions<GoogleAdsOptions>>().Value;

        Assert.Equal("v23", options.ApiVersion);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Timeout);
        Assert.Equal(Sandbox.ToString(), options.BaseUrl);
        Assert.IsType<GoogleAdsConversionClient>(services.GetRequiredService<IGoogleAdsConversionClient>());
    }

    [Fact]
    public void AddGoogleAdsProvider_BadApiVersion_StartupFailsWithExactMessage()
    {
        using var services = ProviderServices.Build(Sandbox, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "21" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["GoogleAds:ApiVersion must be 'v' followed by digits, for example v21."], e.Failures);
    }

    [Fact]
    public void AddGoogleAdsProvider_BadProviderHttpRetries_StartupFailsWithExactMessage()
    {
        using var services = ProviderServices.Build(Sandbox, new Dictionary<string, string?> { ["ProviderHttp:MaxRetries"] = "9" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["ProviderHttp:MaxRetries must be between 0 and 5."], e.Failures);
        Assert.Equal(typeof(ProviderHttpOptions), e.OptionsType);
    }
}
