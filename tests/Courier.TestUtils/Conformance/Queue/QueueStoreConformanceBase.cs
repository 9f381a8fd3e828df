using Courier.Core.Queue;
using Courier.TestUtils.Factories;
using Microsoft.Extensions.Time.Testing;

namespace Courier.TestUtils.Conformance.Queue;

/// <summary>
/// What every <see cref="IQueueStore"/> conformance suite shares: a fake clock, a factory, and the abstract store factory a
/// storage driver implements. xunit makes a new instance per test, so each test starts with a fresh clock.
/// </summary>
public abstract class QueueStoreConformanceBase
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    protected const string QueueName = "q";

    protected QueueStoreConformanceBase()
    {
        Items = new QueueItemFactory(Time, QueueName);
    }

    protected FakeTimeProvider Time { get; } = new(Start);

    protected QueueItemFactory Items { get; }

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>
    /// A store over storage no other test uses. Stores created with the same <paramref name="scope"/> share their data (for a
    /// Table driver: separate instances over the same tables), so tests can race several instances. Scopes are letters and
    /// digits, starting with a letter.
    /// </summary>
    protected abstract IQueueStore CreateStore(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    protected IQueueStore NewStore() => CreateStore(NewScope());

    protected WorkQueue QueueOver(IQueueStore store) => new(store, Time);

    /// <summary>Stores <paramref name="items"/> as they are (any state), returning them with their stored versions.</summary>
    protected static async Task<List<QueueItem>> AddAllAsync(IQueueStore store, IEnumerable<QueueItem> items)
    {
        var stored = new List<QueueItem>();
        foreach (var item in items) stored.Add((await store.AddAsync(item, None)).Item);
        return stored;
    }

    /// <summary>Compares everything but the store's version token.</summary>
    protected static void AssertSameItem(QueueItem expected, QueueItem? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Version = null }, actual with { Version = null });
    }
}
