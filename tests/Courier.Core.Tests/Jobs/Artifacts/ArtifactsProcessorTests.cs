using Courier.Core.Errors;
using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;
using Courier.TestUtils.Artifacts;

namespace Courier.Core.Tests.Jobs.Artifacts;

public sealed class ArtifactsProcessorTests
{
    private readonly ArtifactsHarness _h = new();

    [Fact]
    public async Task Run_NestedProject_ReadyWithAnArchiveWhoseEntriesSizesAndCrcsMatchTheSources()
    {
        var files = _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        var report = await _h.RunAsync();

        var body = ArtifactsHarness.Body(report);
        Assert.Equal((true, 1, 0, 1, 0), (body.Success, body.Processed, body.Recovered, body.Ready, body.Failed));
        var item = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal(QueueState.Completed, item.State);
        var archive = ArtifactsQueue.ArchiveOf(item)!;
        Assert.Equal((files.Count, files.Values.Sum(f => (long)f.Length)), (archive.FileCount, archive.SourceBytes));
        Assert.Equal(ArtifactsQueue.PayloadOf(item).Fingerprint, archive.Fingerprint);
        Assert.StartsWith(item.Id + "/", archive.Blob, StringComparison.Ordinal);
        var zip = _h.ArchiveOf(item);
        Assert.Equal(zip.Length, archive.SizeBytes);
        ArtifactsHarness.AssertArchiveHolds(zip, files);
    }

    [Fact]
    public async Task Run_AlreadyCompressedTypes_AreStoredAndOthersDeflated_WithDataDescriptors()
    {
        _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        await _h.RunAsync();

        var directory = ZipDirectory.Read(_h.ArchiveOf(await _h.ItemAsync(request.Item!.Id)));
        var methods = directory.Entries.ToDictionary(e => e.Name, e => e.Method);
        Assert.Equal(0, methods["photos/2025/a.jpg"]);
        Assert.Equal(0, methods["photos/2025/b.png"]);
        Assert.Equal(0, methods["video/clip.mp4"]);
        Assert.Equal(8, methods["readme.txt"]);
        // Written as read, to a stream that cannot seek back: CRC and sizes follow each entry's data.
        Assert.All(directory.Entries.Where(e => e.Size > 0), e => Assert.True(e.HasDataDescriptor, e.Name));
        Assert.True(directory.Entries.Single(e => e.Name == "readme.txt").CompressedSize < 1000);
    }

    [Fact]
    public async Task Run_Prefix_ArchivesOnlyThatFolderWithPathsInsideTheProject()
    {
        var files = _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "photos/2025/");

        await _h.RunAsync();

        var selected = files.Where(f => f.Key.StartsWith($"{ArtifactsHarness.Project}/photos/2025/", StringComparison.Ordinal)).ToDictionary();
        ArtifactsHarness.AssertArchiveHolds(_h.ArchiveOf(await _h.ItemAsync(request.Item!.Id)), selected);
    }

    [Fact]
    public async Task Run_EmptySelection_ReadyWithAnEmptyArchive()
    {
        _h.Media.PutFolder(ArtifactsHarness.Project + "/");
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        Assert.False(request.ProjectUnknown);

        await _h.RunAsync();

        var item = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal(QueueState.Completed, item.State);
        Assert.Equal(0, ArtifactsQueue.ArchiveOf(item)!.FileCount);
        ArtifactsHarness.AssertArchiveHolds(_h.ArchiveOf(item), new Dictionary<string, byte[]>());
    }

    [Fact]
    public async Task Run_StorageFailsMidStream_RetriesWithoutCommittingAndTheNextAttemptIsComplete()
    {
        var files = _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        _h.Media.OnRead = (file, stream) => file.Name.EndsWith("clip.mp4", StringComparison.Ordinal)
            ? new FailingStream(stream, 1024 * 1024, () => new ProviderException(ProviderError.Transient("STORAGE_503", "reading media: 503")))
            : stream;

        var first = ArtifactsHarness.Body(await _h.RunAsync());

        var item = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal((1, 0, 1), (first.Processed, first.Ready, first.Retried));
        Assert.Equal(QueueState.Retry, item.State);
        Assert.Equal("PENDING", ArtifactsQueue.StateNames[item.State]);
        Assert.StartsWith("STORAGE_503", item.LastError, StringComparison.Ordinal);
        Assert.Empty(_h.Archives.Committed);
        Assert.Equal(1, _h.Archives.Abandoned);

        _h.Media.OnRead = null;
        _h.Time.Advance(_h.Options.RetryMaxDelay);
        var second = ArtifactsHarness.Body(await _h.RunAsync());

        Assert.Equal(1, second.Ready);
        ArtifactsHarness.AssertArchiveHolds(_h.ArchiveOf(await _h.ItemAsync(item.Id)), files);
    }

    [Fact]
    public async Task Run_FailsEveryAttempt_FailedAfterMaxAttemptsWithTheReason()
    {
        _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        _h.Media.OnRead = (_, stream) => new FailingStream(stream, 10, () => new ProviderException(ProviderError.Transient("STORAGE_500", "reading media: 500")));

        for (var i = 0; i < _h.Options.MaxAttempts; i++)
        {
            await _h.RunAsync();
            _h.Time.Advance(_h.Options.RetryMaxDelay);
        }

        var item = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal(QueueState.Failed, item.State);
        Assert.Equal(3, item.Attempts);
        Assert.Contains("STORAGE_500", item.LastError, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", item.LastError, StringComparison.Ordinal);
        Assert.Empty(_h.Archives.Committed);
    }

    [Fact]
    public async Task Run_CrashMidStream_StaysGeneratingUnseen_ThenRecoveredAfterItsLeaseAndTheNextRunIsComplete()
    {
        var files = _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        // Not a storage failure: as if the process died half-way through the video.
        _h.Media.OnRead = (file, stream) => file.Name.EndsWith("clip.mp4", StringComparison.Ordinal) ? new FailingStream(stream, 1024 * 1024, () => new InvalidOperationException("simulated crash")) : stream;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.RunAsync());

        var crashed = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal(("GENERATING", 0), (ArtifactsQueue.StateNames[crashed.State], crashed.Attempts));
        Assert.Empty(_h.Archives.Committed);

        _h.Media.OnRead = null;
        var tooEarly = ArtifactsHarness.Body(await _h.RunAsync());
        Assert.Equal((0, 0), (tooEarly.Processed, tooEarly.Recovered));

        _h.Time.Advance(_h.Options.LeaseFor);
        var next = ArtifactsHarness.Body(await _h.RunAsync());

        Assert.Equal((1, 1, 1), (next.Recovered, next.Processed, next.Ready));
        var item = await _h.ItemAsync(crashed.Id);
        // Two attempts reached an outcome: the crash (counted when its lease was reset) and this one.
        Assert.Equal((QueueState.Completed, 2), (item.State, item.Attempts));
        var only = Assert.Single(_h.Archives.Committed);
        Assert.Equal(ArtifactsQueue.ArchiveOf(item)!.Blob, only.Key);
        ArtifactsHarness.AssertArchiveHolds(only.Value, files);
    }

    [Fact]
    public async Task Run_CrashesUntilAttemptsRunOut_RecoveryFailsIt()
    {
        _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        _h.Media.OnRead = (_, stream) => new FailingStream(stream, 10, () => new InvalidOperationException("simulated crash"));

        for (var i = 0; i < _h.Options.MaxAttempts; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => _h.RunAsync());
            _h.Time.Advance(_h.Options.LeaseFor);
        }

        var last = ArtifactsHarness.Body(await _h.RunAsync());

        var item = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal((1, 0), (last.Recovered, last.Processed));
        Assert.Equal(QueueState.Failed, item.State);
        Assert.Contains("gave up after 3 attempts", item.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LongGeneration_HeartbeatKeepsTheLeaseSoNothingRescuesIt()
    {
        _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Media.OnRead = (file, stream) => file.Name.EndsWith("clip.mp4", StringComparison.Ordinal) ? new GatedStream(stream, reading, release.Task) : stream;

        var run = _h.RunAsync();
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var claimed = await _h.ItemAsync(request.Item!.Id);
        // Three lease lengths pass while the video is read; each heartbeat period the lease moves on.
        while (_h.Signals.Writes.CurrentCount > 0) await _h.Signals.Writes.WaitAsync();
        for (var i = 0; i < 12; i++)
        {
            var before = (await _h.ItemAsync(claimed.Id)).LeaseUntil;
            _h.Time.Advance(_h.Options.HeartbeatEvery);
            Assert.True(await _h.Signals.Writes.WaitAsync(TimeSpan.FromSeconds(30)), "no heartbeat");
            Assert.True((await _h.ItemAsync(claimed.Id)).LeaseUntil > before);
        }

        Assert.Equal(0, await _h.WorkQueue.RescueExpiredAsync(ArtifactsQueue.Name, TimeSpan.Zero, 10));
        release.SetResult();
        var body = ArtifactsHarness.Body(await run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, body.Ready);
        Assert.Equal(QueueState.Completed, (await _h.ItemAsync(claimed.Id)).State);
    }

    [Fact]
    public async Task Run_LeaseLostWhileGenerating_StopsAndCommitsNothing()
    {
        _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Media.OnRead = (file, stream) => file.Name.EndsWith("clip.mp4", StringComparison.Ordinal) ? new GatedStream(stream, reading, Task.Delay(Timeout.Infinite)) : stream;

        var run = _h.RunAsync();
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Another worker takes the archive back (as if this one had stalled past its lease).
        var claimed = await _h.ItemAsync(request.Item!.Id);
        _h.Store.Put(claimed with { LeaseToken = "someone-else" });
        _h.Time.Advance(_h.Options.HeartbeatEvery);
        var body = ArtifactsHarness.Body(await run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal((1, 0, 0), (body.Processed, body.Ready, body.Retried));
        Assert.Empty(_h.Archives.Committed);
        Assert.Contains(_h.Logger.Entries, e => e.Contains("artifact_lease_lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Succeeds_LogsTheSuccessEventWithCounts()
    {
        _h.SeedNestedProject();
        await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        await _h.RunAsync();

        var line = Assert.Single(_h.Logger.Entries, e => e.Contains("artifact_worker_cron_success", StringComparison.Ordinal));
        Assert.Contains("Processed=1", line, StringComparison.Ordinal);
        Assert.Contains("Recovered=0", line, StringComparison.Ordinal);
        Assert.Contains("Ready=1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HostStopping_HandsTheArchiveBackWithoutAnAttempt()
    {
        _h.SeedNestedProject();
        var request = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Media.OnRead = (file, stream) => file.Name.EndsWith("clip.mp4", StringComparison.Ordinal) ? new GatedStream(stream, reading, Task.Delay(Timeout.Infinite)) : stream;
        using var stopping = new CancellationTokenSource();

        var run = _h.RunAsync(stopping.Token);
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await Record.ExceptionAsync(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        var item = await _h.ItemAsync(request.Item!.Id);
        Assert.Equal((QueueState.Queued, 0), (item.State, item.Attempts));
        Assert.Empty(_h.Archives.Committed);
    }
}
