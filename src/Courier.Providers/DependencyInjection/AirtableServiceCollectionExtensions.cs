using Courier.Providers.Airtable;
using Courier.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.DependencyInjection;

/// <summary>Registers the Airtable provider: validated <see cref="AirtableOptions"/>, its credential schema, the per-base pacing and <see cref="IAirtableClient"/>.</summary>
public static class AirtableServiceCollectionExtensions
{
    /// <summary>Binds <c>Airtable:BaseUrl</c>, <c>Airtable:AccessToken</c>, <c>Airtable:Timeout</c>, <c>Airtable:RequestsPerSecondPerBase</c>, <c>Airtable:RateWindow</c>, <c>Airtable:RateLimitWait</c>.</summary>
    public static IServiceCollection AddAirtableProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(AirtableRateGate)))
        {
            return services;
        }

        services.AddOptions<AirtableOptions>().Bind(configuration.GetSection(AirtableOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AirtableOptions>, AirtableOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCredentialSchema(AirtableCredentialSchema.Schema);

        // The pacing is per process and per base, so it outlives the transient typed clients.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AirtableOptions>>().Value;
            return new AirtableRateGate(sp.GetRequiredService<TimeProvider>(), options.RequestsPerSecondPerBase, options.RateWindow);
        });
        services.AddProviderHttpClient<IAirtableClient, AirtableClient>(sp => sp.GetRequiredService<IOptions<AirtableOptions>>().Value.Timeout);
        return services;
    }
}
