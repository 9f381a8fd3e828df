using Courier.Storage.Queue;
using Courier.Storage.Tables;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.Logging;

namespace Courier.Storage.Tests.Support;

/// <summary>Builds the Table adapters over the test account, one table prefix per scope.</summary>
internal static class TableStores
{
    public static CourierTables Tables(AzuriteFixture azurite, string prefix) => StorageClients.CreateTables(azurite.ConnectionString, prefix);

    public static TableQueueStore Queue(AzuriteFixture azurite, string prefix, int shards = 4, ILogger<TableQueueStore>? logger = null) =>
        new(Tables(azurite, prefix), shards, logger);
}
