using Azure.Data.Tables;
using Courier.Storage.Tables;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.Tables;

/// <summary>Lazy, once-per-process table creation.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CourierTablesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task GetAsync_ManyConcurrentFirstCalls_CreatesTheTableOnce()
    {
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        var tables = new CourierTables(new TableServiceClient(azurite.ConnectionString, options), AzuriteFixture.NewTablePrefix());

        var clients = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tables.GetAsync(TableNames.Runs, CancellationToken.None)));
        await tables.GetAsync(TableNames.Runs, CancellationToken.None);

        Assert.Equal(1, counter.TableCreations);
        Assert.All(clients, c => Assert.Equal(tables.NameOf(TableNames.Runs), c.Name));
    }

    [Fact]
    public async Task GetAsync_TableAlreadyCreatedByAnotherProcess_Succeeds()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        await TableStores.Tables(azurite, prefix).GetAsync(TableNames.Queue, CancellationToken.None);

        var client = await TableStores.Tables(azurite, prefix).GetAsync(TableNames.Queue, CancellationToken.None);

        Assert.Equal(prefix + "Queue", client.Name);
    }

    [Fact]
    public void NameOf_Table_PutsThePrefixFirst()
    {
        var tables = new CourierTables(new TableServiceClient("UseDevelopmentStorage=true"), "dev1");

        Assert.Equal(["dev1Queue", "dev1ProviderHealth", "dev1Runs", "dev1RunLeases", "dev1ProviderUploadMetrics", "dev1ProviderCredentials", "dev1SyncRows", "dev1SyncLog", "dev1SocialDeliveryAttempts", "dev1PartnerDeliveries"], TableNames.All.Select(tables.NameOf));
    }
}
