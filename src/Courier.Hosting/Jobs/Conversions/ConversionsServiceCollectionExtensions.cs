using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Metrics;
using Courier.Hosting.Circuits;
using Courier.Core.Queue;
using Courier.Providers.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.Conversions;

/// <summary>Wires job 3, <c>process-offline-conversions</c>: options, the Google Ads client, the vault, the circuit breaker, the processor and its routes.</summary>
public static class ConversionsServiceCollectionExtensions
{
    public static IServiceCollection AddConversions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversionsOptions>().BindConfiguration(ConversionsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConversionsOptions>, ConversionsOptionsValidator>());
        services.AddSecretVault(configuration);
        services.AddGoogleAdsProvider(configuration);
        services.AddCourierCircuits();
        services.TryAddSingleton<ProviderCredentialsService>();
        services.AddSingleton(sp => ConversionsQueue.Definition(sp.GetRequiredService<IOptions<ConversionsOptions>>().Value.MaxAttempts));
        services.TryAddSingleton<ConversionsQueue>();
        return services.AddCourierJob(ConversionsJob.Descriptor, sp => new ConversionsProcessor(
            sp.GetRequiredService<IQueueStore>(),
            sp.GetRequiredService<CircuitBreaker>(),
            sp.GetRequiredService<ProviderCredentialsService>(),
            sp.GetRequiredService<IConversionUploader>(),
            sp.GetRequiredService<IProviderMetricsStore>(),
            sp.GetRequiredService<IOptions<ConversionsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            Random.Shared,
            sp.GetRequiredService<ILogger<ConversionsProcessor>>()))
            .HandleApi(ConversionsJob.Enqueue, ConversionsApi.EnqueueAsync)
            .HandleApi(ConversionsJob.EnqueueBulk, ConversionsApi.EnqueueBulkAsync)
            .HandleApi(ConversionsJob.Get, ConversionsApi.GetAsync)
            .HandleApi(ConversionsJob.SeedCredentials, ConversionsApi.SeedCredentialsAsync)
            .Services;
    }
}
