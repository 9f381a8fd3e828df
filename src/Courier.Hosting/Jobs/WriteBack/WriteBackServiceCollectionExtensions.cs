using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.WriteBack;
using Courier.Core.Queue;
using Courier.Hosting.Circuits;
using Courier.Providers.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.WriteBack;

/// <summary>Wires job 5, <c>sync-write-back</c>: options and mappings, the Google Sheets client, the vault, circuits, the processor and its route.</summary>
public static class WriteBackServiceCollectionExtensions
{
    public static IServiceCollection AddWriteBack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WriteBackOptions>().BindConfiguration(WriteBackOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WriteBackOptions>, WriteBackOptionsValidator>());
        services.AddSecretVault(configuration);
        services.AddGoogleSheetsProvider(configuration);
        services.AddCourierCircuits();
        services.TryAddSingleton<ProviderCredentialsService>();
        services.AddSingleton(sp => SyncQueue.Definition(sp.GetRequiredService<IOptions<WriteBackOptions>>().Value.MaxAttempts));
        services.TryAddSingleton<SyncQueue>();
        // One per process: the per-minute write allowance outlives a run.
        services.TryAddSingleton(sp => new SheetWriteBudget(sp.GetRequiredService<IOptions<WriteBackOptions>>().Value.WritesPerMinute, sp.GetRequiredService<TimeProvider>()));
        return services.AddCourierJob(WriteBackJob.Descriptor, sp => new WriteBackProcessor(
            sp.GetRequiredService<IQueueStore>(),
            sp.GetRequiredService<ISyncRowStore>(),
            sp.GetRequiredService<ISyncLog>(),
            sp.GetRequiredService<ISheetRowWriter>(),
            sp.GetRequiredService<CircuitBreaker>(),
            sp.GetRequiredService<ProviderCredentialsService>(),
            sp.GetRequiredService<IOptions<WriteBackOptions>>().Value,
            sp.GetRequiredService<SheetWriteBudget>(),
            sp.GetRequiredService<TimeProvider>(),
            Random.Shared,
            sp.GetRequiredService<ILogger<WriteBackProcessor>>()))
            .HandleApi(WriteBackJob.Queue, WriteBackApi.HandleAsync)
            .Services;
    }
}
