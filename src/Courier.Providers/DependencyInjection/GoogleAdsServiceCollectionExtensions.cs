using Courier.Providers.Google;
using Courier.Providers.GoogleAds;
using Courier.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.DependencyInjection;

/// <summary>Registers the Google Ads provider: validated <see cref="GoogleAdsOptions"/>, its credential schema, the OAuth token source and the conversion client.</summary>
public static class GoogleAdsServiceCollectionExtensions
{
    /// <summary>Binds <c>GoogleAds:BaseUrl</c>, <c>GoogleAds:ApiVersion</c>, <c>GoogleAds:TokenUrl</c>, <c>GoogleAds:Timeout</c>; validated at start-up.</summary>
    public static IServiceCollection AddGoogleAdsProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GoogleAdsOptions>().Bind(configuration.GetSection(GoogleAdsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GoogleAdsOptions>, GoogleAdsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCredentialSchema(GoogleAdsCredentialSchema.Schema);
        services.AddGoogleOAuthTokenSource();
        services.AddProviderHttpClient<IGoogleAdsConversionClient, GoogleAdsConversionClient>(
            sp => sp.GetRequiredService<IOptions<GoogleAdsOptions>>().Value.Timeout);
        // Transient like the typed client it takes: a singleton would keep one HttpClient, and its handler, for the app's
        // lifetime, so the factory's handler rotation (and with it DNS changes) would never reach it.
        services.TryAddTransient<Courier.Core.Jobs.Conversions.IConversionUploader, GoogleAdsConversionUploader>();
        return services;
    }

    /// <summary>The token cache is a singleton shared by every Google client that uses refresh tokens.</summary>
    public static IServiceCollection AddGoogleOAuthTokenSource(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GoogleOAuthTokenSource)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GoogleOAuthTokenSource>();
        services.AddProviderHttpClient(GoogleOAuthTokenSource.HttpClientName);
        return services;
    }
}
