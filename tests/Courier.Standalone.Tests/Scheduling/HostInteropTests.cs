using Courier.TestUtils.Hosts;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Courier.Core.Runs;
using Courier.Hosting.Timers;
using Courier.Standalone.Scheduling;
using Courier.Standalone.Tests.Support;
using Courier.Storage.Scheduling;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Scheduling;

/// <summary>
/// The standalone listener next to a Functions host on one Azurite: the host's blobs are written here by hand (names,
/// lease and JSON as the WebJobs host writes them, not taken from Courier's code), the listener runs on the real
/// <see cref="BlobTimerLockStore"/> and <see cref="BlobScheduleMonitor"/> with a fake clock.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class HostInteropTests(AzuriteFixture azurite)
{
    private const string Timer = "sync-write-back";
    private const string Schedule = "*/10 * * * * *";
    private static readonly DateTimeOffset Zero = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _fake = new(Zero.AddSeconds(15));
    private readonly List<RecordedRun> _runs = [];
    private readonly CapturingLoggerProvider _logs = new();
    private readonly string _hostId = "h" + Guid.NewGuid().ToString("N")[..10];
    private readonly BlobServiceClient _service = azurite.CreateBlobServiceClient();

    private static DateTimeOffset At(double seconds) => Zero.AddSeconds(seconds);

    private string LockPath => $"locks/{_hostId}/Host.Functions.{Timer}.Listener";

    private string StatusPath => $"timers/{_hostId}/Host.Functions.{Timer}/status";

    private TimerListener Listener(TimeProvider time, RecordingDispatcher? dispatcher = null)
    {
        var settings = new SchedulerSettings(_hostId, "courier-a", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeZoneInfo.Utc);
        return new TimerListener(
            Timer,
            Timer,
            CronSchedule.Parse(Schedule),
            settings,
            new BlobTimerLockStore(_service),
            new BlobScheduleMonitor(_service),
            dispatcher ?? new RecordingDispatcher(time, "courier-a", _runs),
            time,
            _logs.CreateLogger("courier-a"));
    }

    private RecordedRun[] Runs()
    {
        lock (_runs) return _runs.ToArray();
    }

    private async Task<BlobContainerClient> HostContainerAsync()
    {
        var container = _service.GetBlobContainerClient("azure-webjobs-hosts");
        await container.CreateIfNotExistsAsync();
        return container;
    }

    /// <summary>Writes the status blob as the host does: UTF-8 JSON without BOM, overwriting unconditionally.</summary>
    private async Task<Azure.ETag> WriteHostStatusAsync(string json) =>
        (await (await HostContainerAsync()).GetBlobClient(StatusPath).UploadAsync(BinaryData.FromString(json), overwrite: true)).Value.ETag;

    private async Task<(string Json, Azure.ETag ETag)> ReadStatusAsync()
    {
        var downloaded = (await (await HostContainerAsync()).GetBlobClient(StatusPath).DownloadContentAsync()).Value;
        return (downloaded.Content.ToString(), downloaded.Details.ETag);
    }

    /// <summary>The host's status JSON for a run at <paramref name="ranAt"/> (Newtonsoft IsoDateFormat, a UTC machine).</summary>
    private static string HostStatusAfterRun(DateTimeOffset ranAt, DateTimeOffset next) =>
        $"{{\"Last\":\"{HostDate(ranAt)}\",\"Next\":\"{HostDate(next)}\",\"LastUpdated\":\"{HostDate(ranAt)}\"}}";

    private static string HostDate(DateTimeOffset value) => value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    [Theory]
    // Last = the occurrence itself.
    [InlineData("{\"Last\":\"2026-01-01T00:00:10+00:00\",\"Next\":\"2026-01-01T00:00:20+00:00\",\"LastUpdated\":\"2026-01-01T00:00:10+00:00\"}")]
    // Last = the invocation time, a little after the occurrence, as the current host writes it.
    [InlineData("{\"Last\":\"2026-01-01T00:00:10.0123456+00:00\",\"Next\":\"2026-01-01T00:00:20+00:00\",\"LastUpdated\":\"2026-01-01T00:00:10.0123456+00:00\"}")]
    // The same from a host on a UTC+1 machine (it writes local times with their offset).
    [InlineData("{\"Last\":\"2026-01-01T01:00:10.0123456+01:00\",\"Next\":\"2026-01-01T01:00:20+01:00\",\"LastUpdated\":\"2026-01-01T01:00:10.0123456+01:00\"}")]
    // An older host: no LastUpdated set, so it writes default(DateTime).
    [InlineData("{\"Last\":\"2026-01-01T00:00:10.0123456+00:00\",\"Next\":\"2026-01-01T00:00:20+00:00\",\"LastUpdated\":\"0001-01-01T00:00:00\"}")]
    public async Task RunAsync_HostStatusMarksTheLatestOccurrenceRun_DoesNotRunItAndFiresTheNext(string hostJson)
    {
        var written = await WriteHostStatusAsync(hostJson);
        using var stop = new CancellationTokenSource();
        var running = Listener(_fake).RunAsync(stop.Token);

        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 1, "the listener to take the lease and arm");
        Assert.Empty(Runs());
        // Armed on the host's own row: nothing re-armed or rewritten.
        Assert.Equal(written, (await ReadStatusAsync()).ETag);

        _fake.SetUtcNow(At(20));
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 2, "the run at 00:00:20 and the next arming");
        await stop.CancelAsync();
        await running;

        Assert.Equal([(RunTrigger.Timer, At(20))], Runs().Select(r => (r.Trigger, r.At)));
        var status = await new BlobScheduleMonitor(_service).GetAsync(_hostId, Timer, default);
        Assert.Equal((At(20), At(30)), (status!.Last, status.Next));
    }

    [Fact]
    public async Task RunAsync_HostStatusNextIsPast_FiresOnceAsPastDueThenOnSchedule()
    {
        // The host ran 00:00:00 and armed 00:00:10; nobody listened at 00:00:10 and 00:00:20.
        _fake.SetUtcNow(At(25));
        await WriteHostStatusAsync(HostStatusAfterRun(At(0.0123456), At(10)));
        using var stop = new CancellationTokenSource();
        var running = Listener(_fake).RunAsync(stop.Token);

        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 1, "the past-due run and the arming after it");
        Assert.Equal([(RunTrigger.PastDue, At(25))], Runs().Select(r => (r.Trigger, r.At)));

        _fake.SetUtcNow(At(30));
        await Eventually.TrueAsync(() => Runs().Length >= 2, "the run at 00:00:30");
        await stop.CancelAsync();
        await running;

        Assert.Equal([(RunTrigger.PastDue, At(25)), (RunTrigger.Timer, At(30))], Runs().Select(r => (r.Trigger, r.At)));
    }

    [Fact]
    public async Task RunAsync_HostHoldsTheListenerLease_NeverFiresUntilTheHostReleasesIt()
    {
        var clock = new TimerCountingTimeProvider(_fake);
        var container = await HostContainerAsync();
        var lockBlob = container.GetBlobClient(LockPath);
        await lockBlob.UploadAsync(BinaryData.Empty, overwrite: true);
        var hostLease = lockBlob.GetBlobLeaseClient();
        await hostLease.AcquireAsync(TimeSpan.FromSeconds(60));
        var etag = await WriteHostStatusAsync(HostStatusAfterRun(At(10.012), At(20)));
        using var stop = new CancellationTokenSource();
        var running = Listener(clock).RunAsync(stop.Token);

        // Each refused attempt parks the listener on its retry delay (a new timer); only then does the clock move on.
        await Eventually.TrueAsync(() => clock.TimersCreated >= 1, "the first refused attempt");
        for (var second = 20; second <= 40; second += 5)
        {
            var timers = clock.TimersCreated;
            _fake.SetUtcNow(At(second));
            // The host fires its own occurrences meanwhile and records them.
            if (second % 10 == 0) etag = await WriteHostStatusAsync(HostStatusAfterRun(At(second + 0.012), At(second + 10)));
            await Eventually.TrueAsync(() => clock.TimersCreated > timers, $"the attempt at {second}s to be refused");
        }

        Assert.Empty(Runs());
        Assert.Equal(0, _logs.Count("timer_lock_acquired"));
        Assert.Equal(etag, (await ReadStatusAsync()).ETag);

        // The host stops and gives its lease up: the next attempt takes it and arms the host's Next.
        await hostLease.ReleaseAsync();
        _fake.SetUtcNow(At(45));
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 1, "the listener to take the lease and arm");
        Assert.Empty(Runs());
        Assert.Equal(etag, (await ReadStatusAsync()).ETag);

        _fake.SetUtcNow(At(50));
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 2, "the run at 00:00:50 and the next arming");
        await stop.CancelAsync();
        await running;

        Assert.Equal([("courier-a", RunTrigger.Timer, At(50))], Runs().Select(r => (r.Instance, r.Trigger, r.At)));
    }

    [Theory]
    // The host starts before the Next Courier wrote: the past-due run covered everything, nothing runs again.
    [InlineData(37, false)]
    // The host starts after it: 00:00:40 was missed while nobody listened and must run once, as past due.
    [InlineData(45, true)]
    public async Task RunAsync_PastDueOverSeveralMissedOccurrences_HostReadsTheStatusAsItsOwn(int hostStartsAt, bool hostRunsPastDue)
    {
        // Missed 00:00:10, 00:00:20 and 00:00:30; the listener runs them once at 00:00:35.
        _fake.SetUtcNow(At(35));
        await WriteHostStatusAsync(HostStatusAfterRun(At(0.012), At(10)));
        using var stop = new CancellationTokenSource();
        var running = Listener(_fake).RunAsync(stop.Token);
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 1, "the past-due run and the arming after it");
        await stop.CancelAsync();
        await running;

        Assert.Equal([(RunTrigger.PastDue, At(35))], Runs().Select(r => (r.Trigger, r.At)));
        var (json, _) = await ReadStatusAsync();
        var host = HostStartup.Check(json, At(hostStartsAt), CronSchedule.Parse(Schedule));
        Assert.Equal(hostRunsPastDue, host.RunsPastDue);
        Assert.False(host.SeesScheduleChange, "the host would take the status for a schedule change and re-arm it: " + json);
    }

    [Fact]
    public async Task RunAsync_RunOutlastsTheNextOccurrences_HostReadsTheStatusAsItsOwn()
    {
        var release = new TaskCompletionSource();
        var dispatcher = new RecordingDispatcher(_fake, "courier-a", _runs) { Body = ct => release.Task.WaitAsync(ct) };
        using var stop = new CancellationTokenSource();
        var running = Listener(_fake, dispatcher).RunAsync(stop.Token);
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 1, "the first arming");

        // The run of 00:00:20 lasts until 00:00:45: 00:00:30 and 00:00:40 are skipped, 00:00:50 armed.
        _fake.SetUtcNow(At(20));
        await Eventually.TrueAsync(() => Runs().Length >= 1, "the run at 00:00:20");
        _fake.SetUtcNow(At(45));
        release.SetResult();
        await Eventually.TrueAsync(() => _logs.Count("timer_armed") >= 2, "the arming after the long run");
        await stop.CancelAsync();
        await running;

        // Nobody listens at 00:00:50; a host starting at 00:00:55 must run it once, as past due.
        var (json, _) = await ReadStatusAsync();
        var host = HostStartup.Check(json, At(55), CronSchedule.Parse(Schedule));
        Assert.True(host.RunsPastDue, "the host would skip the missed 00:00:50: " + json);
        Assert.False(host.SeesScheduleChange, "the host would take the status for a schedule change and re-arm it: " + json);
    }

    /// <summary>
    /// What a starting Functions host decides from a status blob, as WebJobs' ScheduleMonitor.CheckPastDueAsync
    /// (azure-webjobs-sdk-extensions, Timers) decides it: the expected Next is the schedule's next after Last (or after
    /// LastUpdated when Last is unset); a stored Next that differs is taken for a schedule change and re-armed (from now
    /// when the expected Next has passed), else a stored Next before now means a missed occurrence, run once as past due.
    /// </summary>
    private sealed record HostStartup(bool SeesScheduleChange, bool RunsPastDue)
    {
        private static readonly DateTimeOffset UnsetBelow = new(2, 1, 2, 0, 0, 0, TimeSpan.Zero);

        public static HostStartup Check(string json, DateTimeOffset now, CronSchedule schedule)
        {
            using var document = JsonDocument.Parse(json);
            var last = Read(document, "Last");
            var updated = Read(document, "LastUpdated");
            var next = Read(document, "Next") ?? throw new InvalidOperationException("no Next: " + json);
            var expected = schedule.NextAfter(last ?? updated ?? now);
            if (next == expected) return new HostStartup(false, now > next);

            var rearmed = now > expected ? schedule.NextAfter(now) : expected;
            return new HostStartup(true, now > rearmed);
        }

        private static DateTimeOffset? Read(JsonDocument document, string name)
        {
            var value = DateTimeOffset.Parse(document.RootElement.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return value < UnsetBelow ? null : value;
        }
    }
}
