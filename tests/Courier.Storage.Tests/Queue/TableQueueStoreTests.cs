using Azure.Data.Tables;
using Courier.Core.Queue;
using Courier.Storage.Queue;
using Courier.Storage.Tables;
using Courier.Storage.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Factories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Storage.Tests.Queue;

/// <summary>Behaviour specific to the Table layout: races between instances, key design, batching and damaged rows.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableQueueStoreTests(AzuriteFixture azurite)
{
    private const string QueueName = "q";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly string[] Forbidden = ["/", "\\", "#", "?"];
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();

    private QueueItemFactory Items => new(_time, QueueName);

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task ClaimDueAsync_EightInstancesOverThousandItems_ClaimEveryItemExactlyOnce()
    {
        var setup = TableStores.Queue(azurite, _prefix);
        var ids = Enumerable.Range(0, 1000).Select(i => $"item-{i:D4}").ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await setup.AddAsync(Items.Queued(ids[i], dueAt: Start - TimeSpan.FromSeconds(i * 7919 % 4096)), ct));

        var perClaimer = await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            // Each claimer is its own instance: its own store, table client and WorkQueue.
            var store = TableStores.Queue(azurite, _prefix);
            var queue = new WorkQueue(store, _time);
            var mine = new List<QueueItem>();
            while (true)
            {
                var got = await queue.ClaimDueAsync(QueueName, $"claimer-{c}", 40, Lease);
                mine.AddRange(got);
                if (got.Count == 0 && (await store.ListDueAsync(QueueName, Start, 1, None)).Count == 0) return mine;
            }
        }));

        var claimed = perClaimer.SelectMany(x => x).ToList();
        Assert.Equal(claimed.Count, claimed.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids, claimed.Select(i => i.Id).Order(StringComparer.Ordinal));
        var stats = await setup.GetStatsAsync(QueueName, Start, None);
        Assert.Equal(1000, stats.Count(QueueState.Processing));
        Assert.Equal(0, stats.Count(QueueState.Queued));
        // Every claim stuck: each stored lease is the one its claimer got back.
        foreach (var item in claimed.Where((_, n) => n % 50 == 0))
            Assert.Equal(item.LeaseToken, (await setup.GetAsync(QueueName, item.Id, None))!.LeaseToken);
    }

    [Fact]
    public async Task ListDueAsync_ManyFinishedItems_ReadsOnlyDueRows()
    {
        var counter = new RequestCounter();
        var store = CountedStore(counter);
        var queue = new WorkQueue(store, _time);
        for (var i = 0; i < 3; i++) await store.AddAsync(Items.Queued($"due-{i}", dueAt: Start - TimeSpan.FromMinutes(i)), None);
        await store.AddAsync(Items.Queued("future", dueAt: Start + TimeSpan.FromHours(1)), None);
        counter.Reset();
        var before = await store.ListDueAsync(QueueName, Start, 100, None);
        var readBefore = counter.EntitiesRead;

        var finished = Enumerable.Range(0, 300).Select(i => (i % 3) switch
        {
            0 => Items.Completed($"done-{i}", finishedAt: Start - TimeSpan.FromMinutes(i)),
            1 => Items.Failed($"failed-{i}", finishedAt: Start - TimeSpan.FromMinutes(i)),
            _ => Items.Processing($"claimed-{i}", leaseUntil: Start - TimeSpan.FromMinutes(i)),
        });
        await Parallel.ForEachAsync(finished, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) => await store.AddAsync(item, ct));
        counter.Reset();
        var after = await queue.ClaimDueAsync(QueueName, "run-1", 100, Lease);

        Assert.Equal(3, before.Count);
        Assert.Equal(3, readBefore);
        Assert.Equal(["due-0", "due-1", "due-2"], after.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, counter.EntitiesRead);
    }

    [Fact]
    public async Task Transitions_EveryState_KeepExactlyOneMainAndOneIndexRow()
    {
        var store = TableStores.Queue(azurite, _prefix, shards: 1);
        var queue = new WorkQueue(store, _time);
        await queue.EnqueueAsync(QueueName, "a/b#c?d\\e", "{}");
        var enqueued = await AssertRowsAsync("a/b#c?d\\e", QueueRowKeys.Due);

        // A claim and a heartbeat rewrite the due row in place; the main row still names it.
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        Assert.Equal(enqueued, await AssertRowsAsync(claimed.Id, QueueRowKeys.Due));
        var beat = await queue.HeartbeatAsync(claimed, Lease);
        Assert.Equal(enqueued, await AssertRowsAsync(claimed.Id, QueueRowKeys.Due));
        Assert.Equal(QueueState.Processing, (await store.GetAsync(QueueName, claimed.Id, None))!.State);
        var retried = await queue.ScheduleRetryAsync(beat.Item, Start + TimeSpan.FromMinutes(1), "again");
        Assert.NotEqual(enqueued, await AssertRowsAsync(claimed.Id, QueueRowKeys.Due));
        _time.Advance(TimeSpan.FromMinutes(1));
        var reclaimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-2", 1, Lease));
        await queue.MarkUnknownAsync(reclaimed, "timeout");
        await AssertRowsAsync(claimed.Id, QueueRowKeys.Unknown);

        Assert.True(retried.Applied);
        var raw = await RawRowsAsync();
        Assert.Contains(raw, e => e.RowKey == "i|a!2Fb!23c!3Fd!5Ce");
        Assert.All(raw, e => Assert.DoesNotContain(Forbidden, f => e.RowKey.Contains(f, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Complete_ClaimedItem_MovesTheDueRowToDoneAndLeavesTheMainRow()
    {
        var store = TableStores.Queue(azurite, _prefix, shards: 1);
        var queue = new WorkQueue(store, _time);
        await queue.EnqueueAsync(QueueName, "sale-1", "{}");
        var due = await AssertRowsAsync("sale-1", QueueRowKeys.Due);
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));

        var done = await queue.CompleteAsync(claimed, "{\"ok\":true}");

        Assert.True(done.Applied);
        var rows = (await RawRowsAsync()).Where(e => e.GetString("id") == "sale-1").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, e => e.RowKey.StartsWith(QueueRowKeys.Done, StringComparison.Ordinal));
        // The main row was not rewritten: it still names the due row, and a read finds the completed row from its creation time.
        Assert.Equal(due, rows.Single(e => e.RowKey == QueueRowKeys.Main("sale-1")).GetString("index_key"));
        var read = await store.GetAsync(QueueName, "sale-1", None);
        Assert.Equal((QueueState.Completed, "{\"ok\":true}"), (read!.State, read.Result));
        Assert.Equal(1, (await store.GetStatsAsync(QueueName, Start, None)).Count(QueueState.Completed));
        Assert.False((await store.AddAsync(Items.Queued("sale-1"), None)).Created);
    }

    [Fact]
    public async Task CompleteAsync_ManyInstancesAtOnce_CompletedCountExact()
    {
        var setup = TableStores.Queue(azurite, _prefix, shards: 2);
        await setup.AddManyAsync(Enumerable.Range(0, 400).Select(i => Items.Queued($"c{i:D3}")).ToList(), None);

        // Four instances, each with its own store (and so its own cached counter), claim and complete in small batches at once:
        // their counter writes collide and must be retried, never lost or counted twice.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
        {
            var queue = new WorkQueue(TableStores.Queue(azurite, _prefix, shards: 2), _time);
            while (true)
            {
                var got = await queue.ClaimDueAsync(QueueName, $"claimer-{c}", 15, Lease);
                if (got.Count == 0) return;
                var outcomes = await queue.ApplyAsync(got.Select(i => new ItemTransition(i, QueueTransitions.Complete(i, i.LeaseToken!, Start).Next!)).ToList());
                Assert.All(outcomes, o => Assert.True(o.Applied));
            }
        }));

        var stats = await setup.GetStatsAsync(QueueName, Start, None);
        Assert.Equal(400, stats.Count(QueueState.Completed));
        Assert.Equal(0, stats.Count(QueueState.Processing) + stats.Count(QueueState.Queued));
        var old = await setup.ListInStateAsync(QueueName, QueueState.Completed, Start + TimeSpan.FromSeconds(1), 100, None);
        await setup.DeleteAsync(old, None);
        Assert.Equal(300, (await setup.GetStatsAsync(QueueName, Start, None)).Count(QueueState.Completed));
    }

    [Fact]
    public async Task WriteAsync_MoreThanOneTransactionOfOnePartition_AppliesEveryTransition()
    {
        var store = TableStores.Queue(azurite, _prefix, shards: 1);
        var queue = new WorkQueue(store, _time);
        await Parallel.ForEachAsync(Enumerable.Range(0, 150), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => await store.AddAsync(Items.Queued($"i{i:D3}"), ct));

        // 150 claims in one partition are 450 operations: five transactions of at most 100.
        var claimed = await queue.ClaimDueAsync(QueueName, "run-1", 150, Lease);
        var completed = await queue.ApplyAsync(claimed.Select(c => new ItemTransition(c, QueueTransitions.Complete(c, c.LeaseToken!, Start).Next!)).ToList());

        Assert.Equal(150, claimed.Count);
        Assert.All(completed, o => Assert.True(o.Applied));
        Assert.Equal(150, (await store.GetStatsAsync(QueueName, Start, None)).Count(QueueState.Completed));
    }

    [Fact]
    public async Task ListDueAsync_IndexRowWithUnreadableFields_SurfacedSoTheJobCanFailIt()
    {
        var logger = new FakeLogger<TableQueueStore>();
        var store = TableStores.Queue(azurite, _prefix, shards: 1, logger);
        var queue = new WorkQueue(store, _time);
        await store.AddAsync(Items.Queued("good-1", dueAt: Start - TimeSpan.FromMinutes(2)), None);
        await store.AddAsync(Items.Queued("bad", dueAt: Start - TimeSpan.FromMinutes(1), payload: "{\"keep\":\"me\"}"), None);
        await store.AddAsync(Items.Queued("good-2", dueAt: Start), None);
        var table = await Table();
        var index = (await RawRowsAsync()).Single(e => e.RowKey.StartsWith(QueueRowKeys.Due, StringComparison.Ordinal) && e.RowKey.EndsWith("|bad", StringComparison.Ordinal));
        index["state"] = "Bogus";
        index["attempts"] = "many";
        index["due_at"] = "not a date";
        await table.UpdateEntityAsync(index, index.ETag, TableUpdateMode.Replace);

        var due = await store.ListDueAsync(QueueName, Start, 10, None);

        Assert.Equal(["good-1", "bad", "good-2"], due.Select(i => i.Id));
        var bad = due[1];
        Assert.Equal(QueueState.Retry, bad.State);
        Assert.Equal(Start - TimeSpan.FromMinutes(1), bad.DueAt);
        Assert.Equal("{\"keep\":\"me\"}", bad.Payload);
        Assert.StartsWith("CORRUPT_ROW", bad.LastError, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Name == "queue_row_corrupt");

        var claimed = (await queue.ClaimDueAsync(QueueName, "run-1", 10, Lease)).Single(i => i.Id == "bad");
        var failed = await queue.FailAsync(claimed, bad.LastError!);

        Assert.True(failed.Applied);
        var stored = await store.GetAsync(QueueName, "bad", None);
        Assert.Equal(QueueState.Failed, stored!.State);
        Assert.Equal("{\"keep\":\"me\"}", stored.Payload);
    }

    [Fact]
    public async Task ListDueAsync_RowWithUnreadableKey_SkippedAndLogged()
    {
        var logger = new FakeLogger<TableQueueStore>();
        var store = TableStores.Queue(azurite, _prefix, shards: 1, logger);
        await store.AddAsync(Items.Queued("good", dueAt: Start - TimeSpan.FromMinutes(1)), None);
        var table = await Table();
        await table.AddEntityAsync(new TableEntity(QueueRowKeys.Partition(QueueName, 0), "due|00000x|stray") { ["state"] = "Queued" });

        var due = await store.ListDueAsync(QueueName, Start, 10, None);

        Assert.Equal("good", Assert.Single(due).Id);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Name == "queue_row_skipped");
    }

    [Fact]
    public async Task GetAsync_MainRowWithUnreadableState_TakesStateFromItsIndexKey()
    {
        var store = TableStores.Queue(azurite, _prefix, shards: 1);
        var queue = new WorkQueue(store, _time);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        Assert.True((await queue.FailAsync(claimed, "INVALID_ARGUMENT: no")).Applied);
        var table = await Table();
        var main = (await table.GetEntityAsync<TableEntity>(QueueRowKeys.Partition(QueueName, 0), QueueRowKeys.Main("x"))).Value;
        main["state"] = 42;
        await table.UpdateEntityAsync(main, main.ETag, TableUpdateMode.Replace);

        var read = await store.GetAsync(QueueName, "x", None);

        Assert.Equal(QueueState.Failed, read!.State);
        Assert.StartsWith("CORRUPT_ROW", read.LastError, StringComparison.Ordinal);
        Assert.True((await queue.ApplyAsync([new ItemTransition(read, QueueTransitions.Redrive(read, Start).Next!)]))[0].Applied);
        Assert.Equal(QueueState.Queued, (await store.GetAsync(QueueName, "x", None))!.State);
    }

    [Fact]
    public async Task GetAsync_ClaimedItemWithDamagedMainRow_ReadsTheDueRow()
    {
        var store = TableStores.Queue(azurite, _prefix, shards: 1);
        var queue = new WorkQueue(store, _time);
        await queue.EnqueueAsync(QueueName, "x", "{}");
        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 1, Lease));
        var table = await Table();
        var main = (await table.GetEntityAsync<TableEntity>(QueueRowKeys.Partition(QueueName, 0), QueueRowKeys.Main("x"))).Value;
        main["state"] = 42;
        await table.UpdateEntityAsync(main, main.ETag, TableUpdateMode.Replace);

        var read = await store.GetAsync(QueueName, "x", None);

        // The main row of a waiting or claimed item only names its due row, which holds the item.
        Assert.Equal((QueueState.Processing, claimed.LeaseToken), (read!.State, read.LeaseToken));
        Assert.True((await queue.CompleteAsync(read)).Applied);
    }

    [Fact]
    public async Task AddAsync_ItemOverOneMebibyte_Refused()
    {
        var store = TableStores.Queue(azurite, _prefix);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(Items.Queued(payload: new string('x', 600_000)), None));

        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_ManyIds_SpreadOverEveryShard()
    {
        var store = TableStores.Queue(azurite, _prefix, shards: 4);
        await Parallel.ForEachAsync(Enumerable.Range(0, 80), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => await store.AddAsync(Items.Queued($"sale-{i}"), ct));

        var partitions = (await RawRowsAsync()).GroupBy(e => e.PartitionKey).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["q-00", "q-01", "q-02", "q-03"], partitions.Keys.Order(StringComparer.Ordinal));
        Assert.All(partitions.Values, n => Assert.True(n >= 10, $"a shard holds only {n / 2} items"));
    }

    private TableQueueStore CountedStore(RequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        return new TableQueueStore(new CourierTables(new TableServiceClient(azurite.ConnectionString, options), _prefix), 4);
    }

    /// <summary>Asserts the item has its main row and one index row in <paramref name="indexPrefix"/>; returns the index row's key.</summary>
    private async Task<string> AssertRowsAsync(string id, string indexPrefix)
    {
        var rows = await RawRowsAsync();
        var mine = rows.Where(e => e.GetString("id") == id).ToList();
        Assert.Equal(2, mine.Count);
        var main = Assert.Single(mine, e => e.RowKey == QueueRowKeys.Main(id));
        var index = Assert.Single(mine, e => e.RowKey != QueueRowKeys.Main(id));
        Assert.StartsWith(indexPrefix, index.RowKey, StringComparison.Ordinal);
        Assert.Equal(index.RowKey, main.GetString("index_key"));
        return index.RowKey;
    }

    private async Task<List<TableEntity>> RawRowsAsync()
    {
        var table = await Table();
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row);
        return rows;
    }

    private Task<TableClient> Table() => TableStores.Tables(azurite, _prefix).GetAsync(TableNames.Queue, None);
}
