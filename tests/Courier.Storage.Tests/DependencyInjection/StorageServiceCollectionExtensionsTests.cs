using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Metrics;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Storage.Circuits;
using Courier.Storage.Credentials;
using Courier.Storage.Metrics;
using Courier.Storage.Queue;
using Courier.Storage.Runs;
using Courier.Storage.Tables;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Storage.Tests.DependencyInjection;

/// <summary>AddCourierStorage: settings binding, validation on start, and the adapters it registers.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddCourierStorage_ConnectionString_RegistersWorkingAdapters()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        using var provider = Build(azurite.StorageSettings(prefix));

        Assert.IsType<TableQueueStore>(provider.GetRequiredService<IQueueStore>());
        Assert.IsType<TableCircuitStore>(provider.GetRequiredService<ICircuitStore>());
        Assert.IsType<TableRunStore>(provider.GetRequiredService<IRunStore>());
        Assert.IsType<TableRunLeaseStore>(provider.GetRequiredService<IRunLeaseStore>());
        Assert.IsType<TableProviderMetricsStore>(provider.GetRequiredService<IProviderMetricsStore>());
        Assert.IsType<TableCredentialStore>(provider.GetRequiredService<ICredentialStore>());
        Assert.NotNull(provider.GetRequiredService<BlobServiceClient>());
        Assert.Same(provider.GetRequiredService<IQueueStore>(), provider.GetRequiredService<IQueueStore>());
        Assert.Equal(prefix, provider.GetRequiredService<CourierTables>().Prefix);

        var queue = new WorkQueue(provider.GetRequiredService<IQueueStore>(), TimeProvider.System);
        await queue.EnqueueAsync("q", "x", "{}");
        Assert.NotNull(await queue.GetAsync("q", "x"));
        Assert.Contains(prefix + "Queue", await TableNamesAsync(provider.GetRequiredService<TableServiceClient>(), prefix));
    }

    [Fact]
    public void AddCourierStorage_QueueShardsSetting_ReachesTheQueueStore()
    {
        using var provider = Build(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Storage:QueueShards"] = "8" });

        Assert.Equal(8, ((TableQueueStore)provider.GetRequiredService<IQueueStore>()).QueueShards);
    }

    [Fact]
    public void AddCourierStorage_DevelopmentStorage_PointsAtTheLocalEmulator()
    {
        using var provider = Build(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), provider.GetRequiredService<TableServiceClient>().Uri);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:accountName")]
    [InlineData("AzureWebJobsStorage__accountName")]
    public void AddCourierStorage_AccountName_UsesIdentityEndpoints(string key)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = "courierprod" });

        Assert.Equal("courierprod", provider.GetRequiredService<IOptions<StorageOptions>>().Value.AccountName);
        Assert.Equal(new Uri("https://courierprod.table.core.windows.net/"), provider.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://courierprod.blob.core.windows.net/"), provider.GetRequiredService<BlobServiceClient>().Uri);
    }

    [Fact]
    public void AddCourierStorage_NothingSet_FailsAtStartWithTheExactMessage()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["AzureWebJobsStorage is not set: give a connection string, UseDevelopmentStorage=true, or AzureWebJobsStorage__accountName."], error.Failures);
    }

    [Fact]
    public void AddCourierStorage_UnreadableShards_NamesTheSetting()
    {
        using var provider = Build(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Storage:QueueShards"] = "four" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Storage:QueueShards must be a whole number from 1 to 99."], error.Failures);
    }

    private static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddCourierStorage(configuration).BuildServiceProvider();
    }

    private static async Task<List<string>> TableNamesAsync(TableServiceClient service, string prefix)
    {
        var names = new List<string>();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(prefix) >= 0)) names.Add(table.Name);
        return names;
    }
}
