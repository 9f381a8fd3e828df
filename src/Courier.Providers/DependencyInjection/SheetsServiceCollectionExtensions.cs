using Courier.Providers.Http;
using Courier.Providers.Sheets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.DependencyInjection;

/// <summary>Registers the Google Sheets provider: validated <see cref="SheetsOptions"/>, its credential schema, the token source and <see cref="ISheetsClient"/>.</summary>
public static class SheetsServiceCollectionExtensions
{
    /// <summary>Binds <c>Sheets:BaseUrl</c>, <c>Sheets:TokenUrl</c>, <c>Sheets:Timeout</c>; validated at start-up.</summary>
    public static IServiceCollection AddGoogleSheetsProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SheetsTokenSource)))
        {
            return services;
        }

        services.AddOptions<SheetsOptions>().Bind(configuration.GetSection(SheetsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SheetsOptions>, SheetsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCredentialSchema(SheetsCredentialSchema.Schema);

        // The token cache is a singleton; Google.Apis.Auth sends its token requests through this named client's pipeline.
        services.AddSingleton<SheetsTokenSource>();
        services.AddProviderHttpClient(SheetsTokenSource.HttpClientName);

        // Typed and transient, so the factory's handler rotation reaches it; POSTs are not retried in-process (the pipeline's rule).
        services.AddProviderHttpClient<ISheetsClient, SheetsClient>(sp => sp.GetRequiredService<IOptions<SheetsOptions>>().Value.Timeout);
        services.TryAddTransient<Courier.Core.Jobs.WriteBack.ISheetRowWriter, SheetsRowWriter>();
        return services;
    }
}
