using Courier.Core.Credentials;
using Courier.Providers.Airtable;
using Courier.Providers.DependencyInjection;
using Courier.Providers.Drive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.DependencyInjection;

public sealed class DeliveryProvidersServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAirtableAndDrive_Settings_BoundAndClientsResolve()
    {
        using var services = DeliveryProviderServices.Build(new Uri("http://127.0.0.1:7080/"), new Dictionary<string, string?> { ["Airtable:Timeout"] = "00:00:20", ["Drive:PageSize"] = "50" });
        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(TimeSpan.FromSeconds(20), services.GetRequiredService<IOptions<AirtableOptions>>().Value.Timeout);
        Assert.Equal(50, services.GetRequiredService<IOptions<DriveOptions>>().Value.PageSize);
        Assert.IsType<AirtableClient>(services.GetRequiredService<IAirtableClient>());
        Assert.IsType<DriveClient>(services.GetRequiredService<IDriveClient>());
    }

    [Fact]
    public void AddAirtableAndDrive_BadSettings_StartupFailsNamingThem()
    {
        using var services = DeliveryProviderServices.Build(new Uri("http://127.0.0.1:7080/"), new Dictionary<string, string?> { ["Airtable:BaseUrl"] = "nope", ["Drive:TokenUrl"] = "nope" });

        var e = Assert.Throws<AggregateException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["Airtable:BaseUrl must be an absolute http or https URL.", "Drive:TokenUrl must be an absolute http or https URL."],
            e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(x => x.Failures).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddAirtableAndDrive_CalledTwice_EachSchemaOnce()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        services.AddAirtableProvider(configuration).AddGoogleDriveProvider(configuration).AddGoogleSheetsProvider(configuration)
            .AddAirtableProvider(configuration).AddGoogleDriveProvider(configuration);

        var schemas = services.Where(d => d.ServiceType == typeof(CredentialSchema)).Select(d => ((CredentialSchema)d.ImplementationInstance!).ProviderKey).ToList();
        Assert.Equal(["airtable", "google_drive", "google_sheets"], schemas);
        Assert.Single(services, d => d.ServiceType == typeof(DriveTokenSource));
        Assert.Single(services, d => d.ServiceType == typeof(AirtableRateGate));
    }
}
