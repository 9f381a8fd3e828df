using Courier.Core.Jobs.WriteBack;
using Courier.Storage.Tests.Support;
using Courier.Storage.WriteBack;
using Courier.TestUtils.Azurite;

namespace Courier.Storage.Tests.WriteBack;

/// <summary>The write-back tables on Azurite: SyncLog newest first and pruned by age, SyncRows saved only on the version read.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableSyncStoresTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static SyncLogEntry Entry(int minute, bool ok, string id) =>
        new(T0.AddMinutes(minute), $"Request:{id}:x", "Request", id, "UPDATE", ok, ok ? "updated row 2" : "RESOURCE_EXHAUSTED: quota (will retry)", ok ? 2 : null);

    [Fact]
    public async Task SyncLog_RecentIsNewestFirst_FailedOnlyReadsFailures_PruneDeletesOnlyOlderEntries()
    {
        var log = new TableSyncLog(TableStores.Tables(azurite, AzuriteFixture.NewTablePrefix()));
        await log.AddAsync([Entry(1, true, "a"), Entry(2, false, "b"), Entry(3, true, "c"), Entry(4, false, "d")], CancellationToken.None);

        Assert.Equal(["d", "c", "b"], (await log.RecentAsync(3, failedOnly: false, CancellationToken.None)).Select(e => e.RecordId));
        var failed = await log.RecentAsync(10, failedOnly: true, CancellationToken.None);
        Assert.Equal(["d", "b"], failed.Select(e => e.RecordId));
        Assert.Equal(Entry(4, false, "d"), failed[0]);

        // Older than minute 2.5: a (ok) and b (ok=false, also in the failed partition).
        Assert.Equal(3, await log.PruneAsync(T0.AddMinutes(2.5), 100, CancellationToken.None));
        Assert.Equal(["d", "c"], (await log.RecentAsync(10, failedOnly: false, CancellationToken.None)).Select(e => e.RecordId));
        Assert.Equal(["d"], (await log.RecentAsync(10, failedOnly: true, CancellationToken.None)).Select(e => e.RecordId));
    }

    [Fact]
    public async Task SyncRows_AddThenReplaceOnTheVersionRead_AStaleVersionIsNotSaved()
    {
        var rows = new TableSyncRowStore(TableStores.Tables(azurite, AzuriteFixture.NewTablePrefix()));
        // Record ids with characters a table key cannot hold as they are.
        var ids = new[] { "r/1", "r#2?" };
        Assert.Equal(2, await rows.SaveAsync(ids.Select(id => new SyncRow("Request", id, 2, false, T0, "i1", T0)).ToList(), CancellationToken.None));
        var stored = await rows.GetAsync("Request", [.. ids, "absent"], CancellationToken.None);
        Assert.Equal(["r#2?", "r/1"], stored.Keys.Order(StringComparer.Ordinal));
        var first = stored["r/1"];
        Assert.Equal((2, false, T0, "i1"), (first.Row, first.Deleted, first.AppliedAt, first.AppliedItemId));

        Assert.Equal(1, await rows.SaveAsync([first with { Deleted = true, AppliedItemId = "i2" }], CancellationToken.None));
        // The version read before that save is stale now; so is a second add.
        Assert.Equal(0, await rows.SaveAsync([first with { AppliedItemId = "i3" }, new SyncRow("Request", "r#2?", 9, false, T0, "i9", T0)], CancellationToken.None));
        var after = await rows.GetAsync("Request", ids, CancellationToken.None);
        Assert.Equal((true, "i2"), (after["r/1"].Deleted, after["r/1"].AppliedItemId));
        Assert.Equal(2, after["r#2?"].Row);
    }
}
