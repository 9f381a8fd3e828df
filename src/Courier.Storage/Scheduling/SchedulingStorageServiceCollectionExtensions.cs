using Azure.Storage.Blobs;
using Courier.Core.Scheduling;
using Courier.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Courier.Storage.Scheduling;

/// <summary>Registers the standalone scheduler's storage: blob listener locks and the table schedule monitor.</summary>
public static class SchedulingStorageServiceCollectionExtensions
{
    /// <summary>Needs <c>AddCourierStorage</c> (for <see cref="BlobServiceClient"/> and <see cref="CourierTables"/>).</summary>
    public static IServiceCollection AddCourierSchedulingStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<ITimerLockStore>(sp => new BlobTimerLockStore(sp.GetRequiredService<BlobServiceClient>()));
        services.TryAddSingleton<IScheduleMonitor>(sp => new TableScheduleMonitor(sp.GetRequiredService<CourierTables>()));
        return services;
    }
}
