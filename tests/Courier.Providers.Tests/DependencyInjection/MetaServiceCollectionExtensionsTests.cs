using Courier.Core.Credentials;
using Courier.Providers.DependencyInjection;
using Courier.Providers.Meta;
using Courier.Providers.Tests.Meta;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.DependencyInjection;

public sealed class MetaServiceCollectionExtensionsTests
{
    [Fact]
    public void AddMetaProvider_Settings_BoundAndClientResolved()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Meta:BaseUrl"] = "http://127.0.0.1:7080",
            ["Meta:ApiVersion"] = "v26.0",
            ["Meta:Timeout"] = "00:00:45",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddMetaProvider(configuration).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var client = provider.GetRequiredService<IMetaGraphClient>();

        Assert.Equal("v26.0", client.ApiVersion);
        Assert.Equal(TimeSpan.FromSeconds(45), provider.GetRequiredService<IOptions<MetaOptions>>().Value.Timeout);
    }

    [Fact]
    public void AddMetaProvider_BadVersion_StartupFails()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Meta:ApiVersion"] = "latest" }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddMetaProvider(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Meta:ApiVersion must look like v25.0."], e.Failures);
    }

    [Fact]
    public void AddMetaProvider_Twice_SchemaOnce()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        services.AddMetaProvider(configuration).AddMetaProvider(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(CredentialSchema) && ((CredentialSchema)d.ImplementationInstance!).ProviderKey == MetaCredentialSchema.ProviderKey);
    }
}
