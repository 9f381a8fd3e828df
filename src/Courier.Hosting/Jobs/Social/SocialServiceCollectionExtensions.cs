using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Social;
using Courier.Core.Metrics;
using Courier.Core.Queue;
using Courier.Hosting.Circuits;
using Courier.Providers.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.Social;

/// <summary>Wires job 6, <c>social-auto-poster-runner</c>: options, the Meta client, the vault, circuits, the processor and its routes.</summary>
public static class SocialServiceCollectionExtensions
{
    public static IServiceCollection AddSocial(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SocialOptions>().BindConfiguration(SocialOptions.SectionName).ValidateDataAnnotations().ValidateOnStart()
            // Unset, simulation is on in Development only (either host's environment name), never elsewhere.
            .Configure<IHostEnvironment, IConfiguration>((options, environment, config) =>
                options.SimulateWithoutConnection ??= IsDevelopment(environment, config));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocialOptions>, SocialOptionsValidator>());
        services.AddSecretVault(configuration);
        services.AddMetaProvider(configuration);
        services.AddCourierCircuits();
        services.TryAddSingleton<ProviderCredentialsService>();
        services.AddSingleton(sp => SocialQueue.Definition(sp.GetRequiredService<IOptions<SocialOptions>>().Value.MaxAttempts));
        services.TryAddSingleton<SocialQueue>();
        return services.AddCourierJob(SocialJob.Descriptor, sp => new SocialProcessor(
            sp.GetRequiredService<IQueueStore>(),
            sp.GetRequiredService<CircuitBreaker>(),
            sp.GetRequiredService<ProviderCredentialsService>(),
            sp.GetRequiredService<ISocialPublisher>(),
            sp.GetRequiredService<ISocialAttemptStore>(),
            sp.GetRequiredService<IProviderMetricsStore>(),
            sp.GetRequiredService<IOptions<SocialOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SocialProcessor>>()))
            .HandleApi(SocialJob.Connections, SocialApi.ConnectionsAsync)
            .HandleApi(SocialJob.Queue, SocialApi.QueueAsync)
            .HandleApi(SocialJob.Activity, SocialApi.ActivityAsync)
            .Services;
    }

    private static bool IsDevelopment(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment()
        || string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"], "Development", StringComparison.OrdinalIgnoreCase);
}
