using Courier.Core.Circuits;
using Courier.Core.Metrics;

namespace Courier.TestUtils.Conformance.Metrics;

/// <summary>Conformance of <see cref="IProviderMetricsStore"/>: counters only ever add up, even when runs add at the same time.</summary>
public abstract class ProviderMetricsStoreConformance
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CircuitKey Key = new("site-1", "google_ads");

    /// <summary>A store over storage no other test uses; the same <paramref name="scope"/> gives stores that share data.</summary>
    protected abstract IProviderMetricsStore CreateStore(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task GetAsync_NeverAdded_ReturnsNull()
    {
        Assert.Null(await CreateStore(NewScope()).GetAsync(Key, None));
    }

    [Fact]
    public async Task AddAsync_FirstRun_CreatesTotals()
    {
        var store = CreateStore(NewScope());

        await store.AddAsync(Key, new ProviderMetricsDelta(5, 3, 1, 1), Start, None);

        Assert.Equal(new ProviderMetrics(Key, 5, 3, 1, 1, Start), await store.GetAsync(Key, None));
    }

    [Fact]
    public async Task AddAsync_SecondRun_AddsToTotals()
    {
        var store = CreateStore(NewScope());
        await store.AddAsync(Key, new ProviderMetricsDelta(5, 3, 1, 1), Start, None);

        await store.AddAsync(Key, new ProviderMetricsDelta(2, 2, 0, 0), Start + TimeSpan.FromMinutes(10), None);

        Assert.Equal(new ProviderMetrics(Key, 7, 5, 1, 1, Start + TimeSpan.FromMinutes(10)), await store.GetAsync(Key, None));
    }

    [Fact]
    public async Task AddAsync_ConcurrentRuns_NoAdditionLost()
    {
        var scope = NewScope();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CreateStore(scope).AddAsync(Key, new ProviderMetricsDelta(1, 1, 0, 0), Start, None)));

        var totals = await CreateStore(scope).GetAsync(Key, None);
        Assert.Equal(8, totals?.AttemptsTotal);
        Assert.Equal(8, totals?.CompletedTotal);
    }

    [Fact]
    public async Task AddAsync_OtherKey_Independent()
    {
        var store = CreateStore(NewScope());
        await store.AddAsync(Key, new ProviderMetricsDelta(1, 1, 0, 0), Start, None);

        await store.AddAsync(new CircuitKey("site-2", "google_ads"), new ProviderMetricsDelta(4, 0, 4, 0), Start, None);

        Assert.Equal(1, (await store.GetAsync(Key, None))!.AttemptsTotal);
        Assert.Equal(4, (await store.GetAsync(new CircuitKey("site-2", "google_ads"), None))!.FailedTotal);
    }
}
