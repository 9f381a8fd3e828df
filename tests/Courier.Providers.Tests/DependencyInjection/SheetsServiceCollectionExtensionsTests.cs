using Courier.Core.Credentials;
using Courier.Providers.DependencyInjection;
using Courier.Providers.Sheets;
using Courier.Providers.Tests.Sheets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.DependencyInjection;

public sealed class SheetsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddGoogleSheetsProvider_Settings_BoundFromSheetsSection()
    {
        using var s = new SheetsTestServices(new Dictionary<string, string?> { ["Sheets:Timeout"] = "00:00:45" });
        s.Provider.GetRequiredService<IStartupValidator>().Validate();

        var options = s.Provider.GetRequiredService<IOptions<SheetsOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(45), options.Timeout);
        Assert.Equal("https://sheets.test", options.BaseUrl);
        Assert.Equal(FakeGoogleHandler.TokenUrl, options.TokenUrl);
        Assert.IsType<SheetsClient>(s.Provider.GetRequiredService<ISheetsClient>());
    }

    [Fact]
    public void AddGoogleSheetsProvider_BadSettings_StartupFailsWithExactMessages()
    {
        using var s = new SheetsTestServices(new Dictionary<string, string?> { ["Sheets:BaseUrl"] = "sheets", ["Sheets:Timeout"] = "00:10:00" });

        var e = Assert.Throws<OptionsValidationException>(() => s.Provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Sheets:BaseUrl must be an absolute http or https URL.", "Sheets:Timeout must be between 00:00:01 and 00:05:00."], e.Failures);
    }

    [Fact]
    public void AddGoogleSheetsProvider_CalledTwiceBesideGoogleAds_EachSchemaOnce()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        services.AddGoogleSheetsProvider(configuration).AddGoogleAdsProvider(configuration).AddGoogleSheetsProvider(configuration);

        var schemas = services.Where(d => d.ServiceType == typeof(CredentialSchema)).Select(d => ((CredentialSchema)d.ImplementationInstance!).ProviderKey).ToList();
        Assert.Equal(["google_sheets", "google_ads"], schemas);
        Assert.Single(services, d => d.ServiceType == typeof(SheetsTokenSource));
    }
}
