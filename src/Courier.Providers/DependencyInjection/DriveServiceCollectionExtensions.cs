using Courier.Providers.Drive;
using Courier.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.DependencyInjection;

/// <summary>Registers the Google Drive provider: validated <see cref="DriveOptions"/>, its credential schema, the token source and <see cref="IDriveClient"/>.</summary>
public static class DriveServiceCollectionExtensions
{
    /// <summary>Binds <c>Drive:BaseUrl</c>, <c>Drive:TokenUrl</c>, <c>Drive:CredentialJson</c>, <c>Drive:Timeout</c>, <c>Drive:PageSize</c>; validated at start-up.</summary>
    public static IServiceCollection AddGoogleDriveProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(DriveTokenSource)))
        {
            return services;
        }

        services.AddOptions<DriveOptions>().Bind(configuration.GetSection(DriveOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DriveOptions>, DriveOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCredentialSchema(DriveCredentialSchema.Schema);

        // The token cache is a singleton; Google.Apis.Auth sends its token requests through this named client's pipeline.
        services.AddSingleton<DriveTokenSource>();
        services.AddProviderHttpClient(DriveTokenSource.HttpClientName);
        services.AddProviderHttpClient<IDriveClient, DriveClient>(sp => sp.GetRequiredService<IOptions<DriveOptions>>().Value.Timeout);
        return services;
    }
}
