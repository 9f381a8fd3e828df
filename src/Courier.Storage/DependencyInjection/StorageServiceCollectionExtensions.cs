using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.WriteBack;
using Courier.Core.Jobs.Social;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Core.Metrics;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Storage.Circuits;
using Courier.Storage.Credentials;
using Courier.Storage.Metrics;
using Courier.Storage.Social;
using Courier.Storage.PartnerDelivery;
using Courier.Storage.Queue;
using Courier.Storage.Runs;
using Courier.Storage.Tables;
using Courier.Storage.WriteBack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Courier's Table and Blob adapters as the Core ports.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="Courier.Storage.StorageOptions"/> (validated on start) from <c>AzureWebJobsStorage</c> (a connection string),
    /// <c>AzureWebJobsStorage:accountName</c> / <c>AzureWebJobsStorage__accountName</c> (identity-based, DefaultAzureCredential or a
    /// registered <see cref="TokenCredential"/>), <c>Storage:TablePrefix</c> and <c>Storage:QueueShards</c>; registers
    /// <see cref="TableServiceClient"/>, <see cref="BlobServiceClient"/>, <see cref="CourierTables"/> and every store as a singleton.
    /// </summary>
    public static IServiceCollection AddCourierStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<Courier.Storage.StorageOptions>()
            .Configure(options => Bind(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Courier.Storage.StorageOptions>, Courier.Storage.StorageOptionsValidator>());

        services.TryAddSingleton(sp => Courier.Storage.StorageClients.CreateTableServiceClient(Options(sp), sp.GetService<TokenCredential>()));
        services.TryAddSingleton(sp => Courier.Storage.StorageClients.CreateBlobServiceClient(Options(sp), sp.GetService<TokenCredential>()));
        services.TryAddSingleton(sp => new CourierTables(sp.GetRequiredService<TableServiceClient>(), Options(sp).TablePrefix));

        services.TryAddSingleton<IQueueStore>(sp => new TableQueueStore(sp.GetRequiredService<CourierTables>(), Options(sp).QueueShards, sp.GetService<ILogger<TableQueueStore>>()));
        services.TryAddSingleton<ICircuitStore>(sp => new TableCircuitStore(sp.GetRequiredService<CourierTables>(), sp.GetService<ILogger<TableCircuitStore>>()));
        services.TryAddSingleton<IRunStore>(sp => new TableRunStore(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<IRunLeaseStore>(sp => new TableRunLeaseStore(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<IProviderMetricsStore>(sp => new TableProviderMetricsStore(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<ICredentialStore>(sp => new TableCredentialStore(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<ISyncRowStore>(sp => new TableSyncRowStore(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<ISyncLog>(sp => new TableSyncLog(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<ISocialAttemptStore>(sp => new TableSocialAttemptStore(sp.GetRequiredService<CourierTables>()));
        services.TryAddSingleton<IDeliveryLedger>(sp => new TableDeliveryLedger(sp.GetRequiredService<CourierTables>()));
        return services;
    }

    /// <summary>Reads the settings by hand: <c>AzureWebJobsStorage</c> is both a value and, for identity-based connections, a section.</summary>
    private static void Bind(IConfiguration configuration, Courier.Storage.StorageOptions options)
    {
        options.ConnectionString = NullIfBlank(configuration["AzureWebJobsStorage"]);
        options.AccountName = NullIfBlank(configuration["AzureWebJobsStorage:accountName"]) ?? NullIfBlank(configuration["AzureWebJobsStorage__accountName"]);
        if (configuration["Storage:TablePrefix"] is { } prefix) options.TablePrefix = prefix.Trim();
        if (configuration["Storage:QueueShards"] is { } shards)
            // An unreadable number is kept as 0 so that validation reports it with the setting's name.
            options.QueueShards = int.TryParse(shards, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static Courier.Storage.StorageOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<Courier.Storage.StorageOptions>>().Value;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
