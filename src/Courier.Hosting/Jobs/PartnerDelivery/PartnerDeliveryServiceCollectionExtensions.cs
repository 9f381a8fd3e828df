using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Core.Metrics;
using Courier.Hosting.Circuits;
using Courier.Providers.Airtable;
using Courier.Providers.DependencyInjection;
using Courier.Providers.Drive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.PartnerDelivery;

/// <summary>Wires job 1, <c>partner-delivery-run-pending</c>: options, the Airtable and Drive clients, the vault, the circuit breaker and the processor.</summary>
public static class PartnerDeliveryServiceCollectionExtensions
{
    /// <summary>Binds section <c>PartnerDelivery</c> (validated at start-up); the ledger (<see cref="IDeliveryLedger"/>) comes from the storage registration.</summary>
    public static IServiceCollection AddPartnerDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PartnerDeliveryOptions>().BindConfiguration(PartnerDeliveryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartnerDeliveryOptions>, PartnerDeliveryOptionsValidator>());
        services.AddSecretVault(configuration);
        services.AddAirtableProvider(configuration);
        services.AddGoogleDriveProvider(configuration);
        services.AddCourierCircuits();
        services.TryAddSingleton<ProviderCredentialsService>();
        return services.AddCourierJob(PartnerDeliveryJob.Descriptor, sp =>
        {
            var options = sp.GetRequiredService<IOptions<PartnerDeliveryOptions>>().Value;
            var vault = sp.GetRequiredService<ProviderCredentialsService>();
            return new PartnerDeliveryProcessor(
                new AirtableDeliveryRecords(sp.GetRequiredService<IAirtableClient>(), sp.GetRequiredService<IOptions<AirtableOptions>>(), vault, options.SiteId),
                new DriveDeliveryDrive(sp.GetRequiredService<IDriveClient>(), sp.GetRequiredService<IOptions<DriveOptions>>(), vault, options.SiteId),
                sp.GetRequiredService<IDeliveryLedger>(),
                sp.GetRequiredService<CircuitBreaker>(),
                sp.GetRequiredService<IProviderMetricsStore>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                new Random(),
                sp.GetRequiredService<ILogger<PartnerDeliveryProcessor>>());
        }).Services;
    }
}
