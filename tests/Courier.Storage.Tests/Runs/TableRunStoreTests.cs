using Azure.Data.Tables;
using Courier.Core.Runs;
using Courier.Storage.Runs;
using Courier.Storage.Tables;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.Runs;

/// <summary>The Runs row format: newest-first keys and counts as JSON.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableRunStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CourierTables _tables = TableStores.Tables(azurite, AzuriteFixture.NewTablePrefix());

    [Fact]
    public async Task SaveAsync_Run_StoresCountsAsJsonUnderNewestFirstKey()
    {
        var run = new RunRecord
        {
            RunId = "20300101T120000Z-abcd1234",
            Job = "process-offline-conversions",
            Instance = "host-1",
            StartedAt = At,
            Counts = new Dictionary<string, int> { ["processed"] = 2 },
        };

        await new TableRunStore(_tables).SaveAsync(run, CancellationToken.None);

        var table = await _tables.GetAsync(TableNames.Runs, CancellationToken.None);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row);
        var log = Assert.Single(rows, r => r.RowKey.StartsWith("t|", StringComparison.Ordinal));
        Assert.Equal($"t|{DateTimeOffset.MaxValue.UtcTicks - At.UtcTicks:D19}|{run.RunId}", log.RowKey);
        Assert.Equal("process-offline-conversions", log.PartitionKey);
        Assert.Equal("{\"processed\":2}", log.GetString("counts"));
        Assert.Equal("Running", log.GetString("outcome"));
    }

    [Fact]
    public async Task ListRecentAsync_DamagedCounts_StillListsTheRun()
    {
        var store = new TableRunStore(_tables);
        await store.SaveAsync(new RunRecord { RunId = "r1", Job = "social", Instance = "h", StartedAt = At }, CancellationToken.None);
        var table = await _tables.GetAsync(TableNames.Runs, CancellationToken.None);
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            row["counts"] = "{not json";
            row["outcome"] = "Sideways";
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        }

        var run = Assert.Single(await store.ListRecentAsync("social", 5, CancellationToken.None));

        Assert.Equal("r1", run.RunId);
        Assert.Empty(run.Counts);
    }
}
