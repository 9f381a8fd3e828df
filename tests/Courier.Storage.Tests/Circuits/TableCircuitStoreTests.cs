using Azure.Data.Tables;
using Courier.Core.Circuits;
using Courier.Storage.Circuits;
using Courier.Storage.Tables;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.Circuits;

/// <summary>The ProviderHealth row format of spec §4, and how a damaged row is read.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableCircuitStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CourierTables _tables = TableStores.Tables(azurite, AzuriteFixture.NewTablePrefix());

    [Fact]
    public async Task TryWriteAsync_HalfOpenRecord_StoresSpecColumns()
    {
        var store = new TableCircuitStore(_tables);
        var record = new CircuitRecord
        {
            Key = new CircuitKey("site-1", "google_ads"),
            State = CircuitState.HalfOpen,
            FailureCount = 5,
            NextProbeAt = At,
            ProbeLimit = 5,
            OpenCount = 2,
            UpdatedAt = At,
            ProbeOwner = "p1",
            ProbeUntil = At.AddMinutes(10),
        };

        await store.TryWriteAsync(record, CancellationToken.None);

        var table = await _tables.GetAsync(TableNames.ProviderHealth, CancellationToken.None);
        var row = (await table.GetEntityAsync<TableEntity>("site-1", "google_ads")).Value;
        Assert.Equal("HALF_OPEN", row.GetString("state"));
        Assert.Equal(5, row.GetInt32("failure_count"));
        Assert.Equal(At, row.GetDateTimeOffset("next_probe_at"));
        Assert.Equal(5, row.GetInt32("probe_limit"));
        Assert.Equal(2, row.GetInt32("open_count"));
        Assert.Equal(At, row.GetDateTimeOffset("updated_at"));
        Assert.Equal("p1", row.GetString("probe_owner"));
        Assert.False(row.GetBoolean("isolated"));
    }

    [Fact]
    public async Task GetAsync_UnreadableState_ReadAsOpenWithProbeDue()
    {
        var table = await _tables.GetAsync(TableNames.ProviderHealth, CancellationToken.None);
        await table.AddEntityAsync(new TableEntity("site-1", "meta") { ["site_id"] = "site-1", ["provider_key"] = "meta", ["state"] = "WOBBLY", ["next_probe_at"] = At.AddYears(1) });
        var store = new TableCircuitStore(_tables);

        var record = await store.GetAsync(new CircuitKey("site-1", "meta"), CancellationToken.None);
        var breaker = new CircuitBreaker(store, new CircuitOptions(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At), new Random(1));
        var permit = await breaker.AcquireAsync(new CircuitKey("site-1", "meta"));

        Assert.Equal(CircuitState.Open, record!.State);
        Assert.Null(record.NextProbeAt);
        Assert.True(permit.Probing);
        Assert.Equal("HALF_OPEN", (await table.GetEntityAsync<TableEntity>("site-1", "meta")).Value.GetString("state"));
    }

    [Fact]
    public async Task ListAsync_RowWithoutKeysColumns_ReadsKeysBackFromEscapedKeys()
    {
        var table = await _tables.GetAsync(TableNames.ProviderHealth, CancellationToken.None);
        await table.AddEntityAsync(new TableEntity("site!2F1", "drive") { ["state"] = "CLOSED" });

        var listed = await new TableCircuitStore(_tables).ListAsync(CancellationToken.None);

        Assert.Equal(new CircuitKey("site/1", "drive"), Assert.Single(listed).Key);
    }
}
