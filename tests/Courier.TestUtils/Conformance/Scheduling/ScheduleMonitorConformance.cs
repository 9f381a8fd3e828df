using Courier.Core.Scheduling;

namespace Courier.TestUtils.Conformance.Scheduling;

/// <summary>What every <see cref="IScheduleMonitor"/> must do; run against the storage adapter on Azurite and the in-memory fake.</summary>
public abstract class ScheduleMonitorConformance
{
    private static readonly DateTimeOffset T = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _host = "h" + Guid.NewGuid().ToString("N")[..8];

    protected abstract IScheduleMonitor Monitor { get; }

    [Fact]
    public async Task GetAsync_NoRow_ReturnsNull() => Assert.Null(await Monitor.GetAsync(_host, "timer-a", default));

    [Fact]
    public async Task TryWriteAsync_NewRow_IsCreatedOnceAndReadBack()
    {
        Assert.True(await Monitor.TryWriteAsync(_host, "timer-b", new ScheduleStatus(null, T, T), default));
        Assert.False(await Monitor.TryWriteAsync(_host, "timer-b", new ScheduleStatus(null, T.AddMinutes(5), T), default));

        var stored = await Monitor.GetAsync(_host, "timer-b", default);
        Assert.Equal((null, T, T), (stored!.Last, stored.Next, stored.LastUpdated));
        Assert.NotNull(stored.Version);
    }

    [Fact]
    public async Task TryWriteAsync_CurrentVersion_WinsAndStaleVersionLoses()
    {
        await Monitor.TryWriteAsync(_host, "timer-c", new ScheduleStatus(null, T, T), default);
        var read = await Monitor.GetAsync(_host, "timer-c", default);

        Assert.True(await Monitor.TryWriteAsync(_host, "timer-c", read! with { Last = T, Next = T.AddMinutes(5) }, default));
        Assert.False(await Monitor.TryWriteAsync(_host, "timer-c", read with { Last = T, Next = T.AddMinutes(10) }, default));
        var stored = await Monitor.GetAsync(_host, "timer-c", default);
        Assert.Equal((T, T.AddMinutes(5)), (stored!.Last, stored.Next));
    }

    [Fact]
    public async Task TryWriteAsync_VersionOfAMissingStatus_ReturnsFalse()
    {
        await Monitor.TryWriteAsync(_host, "timer-d", new ScheduleStatus(null, T, T), default);
        var read = await Monitor.GetAsync(_host, "timer-d", default);

        Assert.False(await Monitor.TryWriteAsync(_host, "timer-other", read!, default));
        Assert.Null(await Monitor.GetAsync(_host, "timer-other", default));
    }

    [Fact]
    public async Task TryWriteAsync_TwoWritersOnOneVersion_OnlyOneWins()
    {
        await Monitor.TryWriteAsync(_host, "timer-e", new ScheduleStatus(null, T, T), default);
        var read = await Monitor.GetAsync(_host, "timer-e", default);

        var results = await Task.WhenAll(
            Task.Run(() => Monitor.TryWriteAsync(_host, "timer-e", read! with { Last = T, Next = T.AddMinutes(5) }, default)),
            Task.Run(() => Monitor.TryWriteAsync(_host, "timer-e", read! with { Last = T, Next = T.AddMinutes(10) }, default)));

        Assert.Single(results, won => won);
        var stored = await Monitor.GetAsync(_host, "timer-e", default);
        Assert.Equal(results[0] ? T.AddMinutes(5) : T.AddMinutes(10), stored!.Next);
    }
}
