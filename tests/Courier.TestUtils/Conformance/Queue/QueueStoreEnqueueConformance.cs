using Courier.Core.Queue;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>Conformance of <see cref="IQueueStore.AddAsync"/> and <see cref="IQueueStore.GetAsync"/>: idempotent enqueue and faithful round trips.</summary>
public abstract class QueueStoreEnqueueConformance : QueueStoreConformanceBase
{
    [Fact]
    public async Task EnqueueAsync_NewId_CreatesQueuedItemDueNow()
    {
        var queue = QueueOver(NewStore());

        var result = await queue.EnqueueAsync(QueueName, "sale-1", "{\"value\":12}", groupKey: "site-1");

        Assert.True(result.Created);
        Assert.NotNull(result.Item.Version);
        var stored = await queue.GetAsync(QueueName, "sale-1");
        Assert.NotNull(stored);
        Assert.Equal(QueueState.Queued, stored.State);
        Assert.Equal(Start, stored.DueAt);
        Assert.Equal("{\"value\":12}", stored.Payload);
        Assert.Equal("site-1", stored.GroupKey);
        Assert.Equal(0, stored.Attempts);
        AssertSameItem(result.Item, stored);
    }

    [Fact]
    public async Task EnqueueAsync_SameIdTwice_ReturnsExistingUnchanged()
    {
        var queue = QueueOver(NewStore());
        var first = await queue.EnqueueAsync(QueueName, "sale-1", "{\"v\":1}");
        Time.Advance(TimeSpan.FromMinutes(3));

        var second = await queue.EnqueueAsync(QueueName, "sale-1", "{\"v\":2}");

        Assert.False(second.Created);
        Assert.Equal("{\"v\":1}", second.Item.Payload);
        Assert.Equal(Start, second.Item.CreatedAt);
        AssertSameItem(first.Item, second.Item);
        Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 10, Lease));
    }

    [Fact]
    public async Task EnqueueManyAsync_NewExistingAndRepeatedIds_EachAnsweredInOrder()
    {
        var queue = QueueOver(NewStore());
        await queue.EnqueueAsync(QueueName, "sale-old", "{\"v\":0}");
        var batch = Enumerable.Range(0, 120).Select(i => ($"sale-{i:D3}", $"{{\"v\":{i}}}", (string?)"site-1")).ToList();
        batch.Insert(7, ("sale-old", "{\"v\":99}", "site-1"));
        batch.Add(("sale-005", "{\"v\":-5}", "site-1"));

        var results = await queue.EnqueueManyAsync(QueueName, batch);

        Assert.Equal(batch.Select(b => b.Item1), results.Select(r => r.Item.Id));
        Assert.False(results[7].Created);
        Assert.Equal("{\"v\":0}", results[7].Item.Payload);
        // The same id twice in one request: the first creates, the second answers with it.
        Assert.True(results[6].Created);
        Assert.False(results[^1].Created);
        Assert.Equal("{\"v\":5}", results[^1].Item.Payload);
        Assert.Equal(120, results.Count(r => r.Created));
        var claimed = await queue.ClaimDueAsync(QueueName, "run-1", 500, Lease);
        Assert.Equal(121, claimed.Count);
        Assert.Equal("site-1", (await queue.GetAsync(QueueName, "sale-119"))!.GroupKey);
    }

    [Fact]
    public async Task EnqueueAsync_SameIdConcurrently_CreatesExactlyOne()
    {
        var scope = NewScope();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => QueueOver(CreateStore(scope)).EnqueueAsync(QueueName, "sale-1", $"{{\"n\":{n}}}")));

        Assert.Single(results, r => r.Created);
        var created = results.Single(r => r.Created).Item;
        Assert.All(results, r => Assert.Equal(created.Payload, r.Item.Payload));
    }

    [Fact]
    public async Task EnqueueAsync_SameIdInTwoQueues_CreatesBoth()
    {
        var queue = QueueOver(NewStore());

        var a = await queue.EnqueueAsync("alpha", "x-1", "{\"q\":\"a\"}");
        var b = await queue.EnqueueAsync("beta", "x-1", "{\"q\":\"b\"}");

        Assert.True(a.Created);
        Assert.True(b.Created);
        Assert.Equal("{\"q\":\"b\"}", (await queue.GetAsync("beta", "x-1"))!.Payload);
        Assert.Equal("{\"q\":\"a\"}", (await queue.GetAsync("alpha", "x-1"))!.Payload);
    }

    [Theory]
    [InlineData(QueueState.Queued)]
    [InlineData(QueueState.Retry)]
    [InlineData(QueueState.Processing)]
    [InlineData(QueueState.Completed)]
    [InlineData(QueueState.Failed)]
    [InlineData(QueueState.Unknown)]
    public async Task AddAsync_ItemInAnyState_RoundTripsEveryField(QueueState state)
    {
        var store = NewStore();
        var item = Items.InState(state) with { GroupKey = "site-9", Result = "{\"permalink\":\"https://x\"}", LastError = "http_500: boom" };

        await store.AddAsync(item, None);

        AssertSameItem(item, await store.GetAsync(QueueName, item.Id, None));
    }

    [Fact]
    public async Task AddAsync_OddIds_RoundTripAndList()
    {
        var store = NewStore();
        string[] ids = ["a/b#c?d\\e", "50%!off'\"|x", "ünï cødé 🚀", "trailing space ", "pipes|in|the|id", "!21 looks escaped", new string('/', 380)];

        foreach (var id in ids) await store.AddAsync(Items.Queued(id), None);

        foreach (var id in ids) Assert.Equal(id, (await store.GetAsync(QueueName, id, None))?.Id);
        var due = await store.ListDueAsync(QueueName, Start, 100, None);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), due.Select(i => i.Id).OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddAsync_OddId_CanBeClaimedAndCompleted()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "a/b#c?d\\e", "{}");

        var claimed = Assert.Single(await queue.ClaimDueAsync(QueueName, "run-1", 5, Lease));
        var done = await queue.CompleteAsync(claimed);

        Assert.True(done.Applied);
        Assert.Equal(QueueState.Completed, (await store.GetAsync(QueueName, "a/b#c?d\\e", None))!.State);
    }

    [Fact]
    public async Task AddAsync_LargePayload_RoundTrips()
    {
        var store = NewStore();
        var payload = "{\"blob\":\"" + string.Concat(Enumerable.Range(0, 9_000).Select(i => $"{i:D4}é😀-")) + "\"}";
        var item = Items.Queued(payload: payload) with { LastError = new string('e', 70_000) };

        await store.AddAsync(item, None);

        AssertSameItem(item, await store.GetAsync(QueueName, item.Id, None));
        AssertSameItem(item, Assert.Single(await store.ListDueAsync(QueueName, Start, 10, None)));
    }

    [Fact]
    public async Task GetAsync_MissingId_ReturnsNull()
    {
        var store = NewStore();
        await store.AddAsync(Items.Queued("present"), None);

        Assert.Null(await store.GetAsync(QueueName, "absent", None));
        Assert.Null(await store.GetAsync("other", "present", None));
    }

    [Fact]
    public async Task EnqueueAsync_FutureDueAt_ListedOnlyOnceDue()
    {
        var store = NewStore();
        var queue = QueueOver(store);
        await queue.EnqueueAsync(QueueName, "later", "{}", dueAt: Start + TimeSpan.FromMinutes(30));

        var before = await store.ListDueAsync(QueueName, Start + TimeSpan.FromMinutes(29), 10, None);
        Time.Advance(TimeSpan.FromMinutes(30));
        var claimed = await queue.ClaimDueAsync(QueueName, "run-1", 10, Lease);

        Assert.Empty(before);
        Assert.Equal("later", Assert.Single(claimed).Id);
    }
}
