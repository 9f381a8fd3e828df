using Azure.Storage.Blobs;
using Courier.Core.Scheduling;
using Courier.Storage.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Storage.Tests.Scheduling;

public sealed class SchedulingStorageServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCourierSchedulingStorage_BlobClient_RegistersTheBlobLockAndBlobMonitor()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(StorageClients.CreateBlobServiceClient("UseDevelopmentStorage=true"))
            .AddCourierSchedulingStorage()
            .BuildServiceProvider();

        Assert.IsType<BlobTimerLockStore>(provider.GetRequiredService<ITimerLockStore>());
        Assert.IsType<BlobScheduleMonitor>(provider.GetRequiredService<IScheduleMonitor>());
        Assert.NotNull(provider.GetRequiredService<BlobServiceClient>());
    }
}
