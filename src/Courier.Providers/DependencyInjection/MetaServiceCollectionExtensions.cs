using Courier.Providers.Http;
using Courier.Providers.Meta;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.DependencyInjection;

/// <summary>Registers the Meta provider: validated <see cref="MetaOptions"/>, its credential schema, <see cref="IMetaGraphClient"/> and the social job's publisher.</summary>
public static class MetaServiceCollectionExtensions
{
    /// <summary>Binds <c>Meta:BaseUrl</c>, <c>Meta:ApiVersion</c>, <c>Meta:Timeout</c>; validated at start-up.</summary>
    public static IServiceCollection AddMetaProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<MetaOptions>)))
        {
            return services;
        }

        services.AddOptions<MetaOptions>().Bind(configuration.GetSection(MetaOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetaOptions>, MetaOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddCredentialSchema(MetaCredentialSchema.Schema);

        // Typed and transient, so the factory's handler rotation reaches it; POSTs are not retried in-process (the pipeline's rule).
        services.AddProviderHttpClient<IMetaGraphClient, MetaGraphClient>(sp => sp.GetRequiredService<IOptions<MetaOptions>>().Value.Timeout);
        services.TryAddTransient<Courier.Core.Jobs.Social.ISocialPublisher, MetaSocialPublisher>();
        return services;
    }
}
