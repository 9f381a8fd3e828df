using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.WriteBack;
using Courier.Core.Jobs.Artifacts;
using Courier.Core.Jobs.Social;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Core.Metrics;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.TestUtils.InMemory;

/// <summary>Every storage port in memory, for host tests that need no Azurite.</summary>
public static class InMemoryStores
{
    public static IServiceCollection AddInMemoryStores(this IServiceCollection services)
    {
        services.AddSingleton<IRunStore, InMemoryRunStore>();
        services.AddSingleton<IRunLeaseStore, InMemoryRunLeaseStore>();
        services.AddSingleton<ICircuitStore, InMemoryCircuitStore>();
        services.AddSingleton<IQueueStore, InMemoryQueueStore>();
        services.AddSingleton<ICredentialStore, InMemoryCredentialStore>();
        services.AddSingleton<IProviderMetricsStore, InMemoryProviderMetricsStore>();
        services.AddSingleton<ITimerLockStore, InMemoryTimerLockStore>();
        services.AddSingleton<IScheduleMonitor, InMemoryScheduleMonitor>();
        services.AddSingleton<ISyncRowStore, InMemorySyncRowStore>();
        services.AddSingleton<ISyncLog, InMemorySyncLog>();
        services.AddSingleton<IMediaSource, InMemoryMediaSource>();
        services.AddSingleton<IArchiveStore, InMemoryArchiveStore>();
        services.AddSingleton<ISocialAttemptStore, InMemorySocialAttemptStore>();
        services.AddSingleton<IDeliveryLedger, InMemoryDeliveryLedger>();
        return services;
    }
}
