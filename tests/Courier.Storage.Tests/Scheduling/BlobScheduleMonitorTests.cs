using System.Text.Json;
using Courier.Core.Scheduling;
using Courier.Storage.Scheduling;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Conformance.Scheduling;

namespace Courier.Storage.Tests.Scheduling;

/// <summary>The shared schedule-monitor suite on <see cref="BlobScheduleMonitor"/> over Azurite, and its interop with the Functions host's status blob.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobScheduleMonitorTests(AzuriteFixture azurite) : ScheduleMonitorConformance
{
    private const string Timer = "recover-processing";
    private static readonly DateTimeOffset T = new(2026, 4, 1, 10, 15, 0, TimeSpan.Zero);
    private readonly string _hostId = "h" + Guid.NewGuid().ToString("N")[..10];
    private readonly BlobScheduleMonitor _monitor = new(azurite.CreateBlobServiceClient());

    protected override IScheduleMonitor Monitor => _monitor;

    private string HostStatusPath => $"timers/{_hostId}/Host.Functions.{Timer}/status";

    [Fact]
    public async Task GetAsync_StatusWrittenByHost_ReturnsItsLastAndNext()
    {
        var container = await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient());
        await WebJobsHost.WriteStatusAsync(container, HostStatusPath,
            """{"Last":"2026-04-01T10:15:00.0012345+00:00","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:00.0012345+00:00"}""");

        var status = await _monitor.GetAsync(_hostId, Timer, default);

        Assert.NotNull(status);
        Assert.Equal(T.AddTicks(12345), status.Last);
        Assert.Equal(T.AddMinutes(5), status.Next);
        Assert.Equal(T.AddTicks(12345), status.LastUpdated);
        Assert.NotNull(status.Version);
    }

    [Fact]
    public async Task GetAsync_HostStatusOfATimerThatNeverFired_ReturnsNullLast()
    {
        var container = await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient());
        await WebJobsHost.WriteStatusAsync(container, HostStatusPath,
            """{"Last":"0001-01-01T00:00:00+00:00","Next":"2026-04-01T12:20:00+02:00","LastUpdated":"2026-04-01T12:15:00+02:00"}""");

        var status = await _monitor.GetAsync(_hostId, Timer, default);

        Assert.Equal((null, T.AddMinutes(5), T), (status!.Last, status.Next, status.LastUpdated));
    }

    [Fact]
    public async Task TryWriteAsync_Status_IsTheHostsJsonAtTheHostsPath()
    {
        Assert.True(await _monitor.TryWriteAsync(_hostId, Timer, new ScheduleStatus(T, T.AddMinutes(5), T.AddMilliseconds(500)), default));

        var container = await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient());
        var json = (await container.GetBlobClient(HostStatusPath).DownloadContentAsync()).Value.Content.ToString();

        Assert.Equal("""{"Last":"2026-04-01T10:15:00+00:00","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:00.5+00:00"}""", json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(["Last", "Next", "LastUpdated"], document.RootElement.EnumerateObject().Select(p => p.Name));
        var read = WebJobsHost.ReadStatus(json);
        Assert.Equal(T, new DateTimeOffset(read.Last));
        Assert.Equal(T.AddMinutes(5), new DateTimeOffset(read.Next));
        Assert.Equal(T.AddMilliseconds(500), new DateTimeOffset(read.LastUpdated));
    }

    [Fact]
    public async Task TryWriteAsync_NoLast_HostReadsItAsUnset()
    {
        Assert.True(await _monitor.TryWriteAsync(_hostId, Timer, new ScheduleStatus(null, T.AddMinutes(5), T), default));

        var container = await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient());
        var read = WebJobsHost.ReadStatus((await container.GetBlobClient(HostStatusPath).DownloadContentAsync()).Value.Content.ToString());

        Assert.True(read.Last < WebJobsHost.UnsetBelow, $"Last {read.Last:o} is not the host's unset value");
        Assert.Equal(T.AddMinutes(5), new DateTimeOffset(read.Next));
    }

    [Fact]
    public async Task TryWriteAsync_StatusOverwrittenByHostSinceRead_ReturnsFalse()
    {
        Assert.True(await _monitor.TryWriteAsync(_hostId, Timer, new ScheduleStatus(null, T, T), default));
        var read = await _monitor.GetAsync(_hostId, Timer, default);
        var container = await WebJobsHost.ContainerAsync(azurite.CreateBlobServiceClient());
        await WebJobsHost.WriteStatusAsync(container, HostStatusPath,
            """{"Last":"2026-04-01T10:15:00+00:00","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:00+00:00"}""");

        Assert.False(await _monitor.TryWriteAsync(_hostId, Timer, read! with { Last = T, Next = T.AddMinutes(5) }, default));
        Assert.Equal(T.AddMinutes(5), (await _monitor.GetAsync(_hostId, Timer, default))!.Next);
    }
}
