using Azure.Storage.Blobs;
using Courier.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Courier.Storage.Scheduling;

/// <summary>Registers the standalone scheduler's storage: the Functions host's listener lock blobs and schedule status blobs.</summary>
public static class SchedulingStorageServiceCollectionExtensions
{
    /// <summary>Needs <c>AddCourierStorage</c> (for <see cref="BlobServiceClient"/>).</summary>
    public static IServiceCollection AddCourierSchedulingStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<ITimerLockStore>(sp => new BlobTimerLockStore(sp.GetRequiredService<BlobServiceClient>()));
        services.TryAddSingleton<IScheduleMonitor>(sp => new BlobScheduleMonitor(sp.GetRequiredService<BlobServiceClient>()));
        return services;
    }
}
