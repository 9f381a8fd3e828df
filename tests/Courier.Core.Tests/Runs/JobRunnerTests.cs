using Courier.Core.Jobs;
using Courier.Core.Runs;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Runs;

public sealed class JobRunnerTests
{
    private const string Job = "test-job";
    private static readonly IReadOnlyDictionary<string, int> Counts = new Dictionary<string, int> { ["processed"] = 3, ["completed"] = 2, ["failed"] = 1 };

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryRunStore _runs = new();
    private readonly InMemoryRunLeaseStore _leases = new();
    private readonly JobRunnerOptions _options = new() { RunBudget = TimeSpan.FromMinutes(9), ClaimReserve = TimeSpan.FromSeconds(30), InstanceId = "instance-a" };
    private readonly JobRunner _runner;

    public JobRunnerTests()
    {
        _runner = new JobRunner(_runs, _leases, _time, _options, NullLogger<JobRunner>.Instance);
    }

    [Fact]
    public async Task RunAsync_JobSucceeds_RecordsRunningThenSucceededWithCounts()
    {
        RunRecord? whileRunning = null;
        var job = new DelegateJob(Job, async (ctx, ct) =>
        {
            whileRunning = await _runs.GetAsync(Job, ctx.RunId, ct);
            _time.Advance(TimeSpan.FromSeconds(42));
            return new JobReport(Counts, new { ok = true });
        });

        var result = await _runner.RunAsync(job, RunTrigger.Http);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.NotNull(whileRunning);
        Assert.Equal(RunOutcome.Running, whileRunning.Outcome);
        Assert.Null(whileRunning.FinishedAt);
        var finished = (await _runs.GetAsync(Job, result.RunId, default))!;
        Assert.Equal(RunOutcome.Succeeded, finished.Outcome);
        Assert.Equal(Counts, finished.Counts);
        Assert.Equal(RunTrigger.Http, finished.Trigger);
        Assert.Equal("instance-a", finished.Instance);
        Assert.Equal(TestClock.Start, finished.StartedAt);
        Assert.Equal(TestClock.Start.AddSeconds(42), finished.FinishedAt);
        Assert.Same(Counts, result.Report!.Counts);
    }

    [Fact]
    public async Task RunAsync_WhileAnotherRunHoldsTheLease_AlreadyRunningWithHoldersRunId()
    {
        var release = new TaskCompletionSource<JobReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new DelegateJob(Job, (ctx, _) =>
        {
            started.SetResult(ctx.RunId);
            return release.Task;
        });
        var first = _runner.RunAsync(slow, RunTrigger.Timer);
        var holder = await started.Task;

        var second = await _runner.RunAsync(new DelegateJob(Job, (_, _) => throw new InvalidOperationException("must not run")), RunTrigger.Http);

        Assert.Equal(RunStatus.AlreadyRunning, second.Status);
        Assert.Equal(holder, second.HolderRunId);
        Assert.Equal("run_in_progress", second.Error);
        release.SetResult(new JobReport(Counts, new { ok = true }));
        Assert.Equal(RunStatus.Completed, (await first).Status);
        Assert.Null(await _runs.GetAsync(Job, second.RunId, default));
    }

    [Fact]
    public async Task RunAsync_OtherJobRunning_NotBlocked()
    {
        var release = new TaskCompletionSource<JobReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _runner.RunAsync(new DelegateJob("job-a", (_, _) => release.Task), RunTrigger.Timer);

        var other = await _runner.RunAsync(new DelegateJob("job-b", (_, _) => Task.FromResult(new JobReport(Counts, new { }))), RunTrigger.Timer);

        Assert.Equal(RunStatus.Completed, other.Status);
        release.SetResult(new JobReport(Counts, new { }));
        await first;
    }

    [Fact]
    public async Task RunAsync_JobThrows_RecordsFailedAndReleasesLease()
    {
        var failing = new DelegateJob(Job, (_, _) => throw new InvalidOperationException("storage unreachable"));

        var result = await _runner.RunAsync(failing, RunTrigger.Timer);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("InvalidOperationException: storage unreachable", result.Error);
        var record = (await _runs.GetAsync(Job, result.RunId, default))!;
        Assert.Equal(RunOutcome.Failed, record.Outcome);
        Assert.Equal("InvalidOperationException: storage unreachable", record.Error);
        Assert.NotNull(record.FinishedAt);
        var next = await _runner.RunAsync(new DelegateJob(Job, (_, _) => Task.FromResult(new JobReport(Counts, new { }))), RunTrigger.Timer);
        Assert.Equal(RunStatus.Completed, next.Status);
    }

    [Fact]
    public async Task RunAsync_JobCancelled_RecordsAbortedAndReleasesLease()
    {
        var cancelled = new DelegateJob(Job, (_, _) => throw new OperationCanceledException("host stopping"));

        var result = await _runner.RunAsync(cancelled, RunTrigger.Timer);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(RunOutcome.Aborted, (await _runs.GetAsync(Job, result.RunId, default))!.Outcome);
        Assert.Equal(RunStatus.Completed, (await _runner.RunAsync(new DelegateJob(Job, (_, _) => Task.FromResult(new JobReport(Counts, new { }))), RunTrigger.Timer)).Status);
    }

    [Fact]
    public async Task RunAsync_Parameters_ReachTheJobWithBudgetFromOptions()
    {
        JobRunContext? seen = null;
        var job = new DelegateJob(Job, (ctx, _) =>
        {
            seen = ctx;
            return Task.FromResult(new JobReport(Counts, new { }));
        });

        var result = await _runner.RunAsync(job, RunTrigger.Http, new Dictionary<string, string> { ["limit"] = "50", ["bad"] = "x" });

        Assert.NotNull(seen);
        Assert.Equal(result.RunId, seen.RunId);
        Assert.Equal(50, seen.GetInt("limit", 2000));
        Assert.Equal(7, seen.GetInt("bad", 7));
        Assert.Equal(7, seen.GetInt("absent", 7));
        Assert.Equal(TestClock.Start + TimeSpan.FromMinutes(9), seen.Budget.Deadline);
    }

    [Fact]
    public async Task RunAsync_RunIds_SortByStartTime()
    {
        var ok = new DelegateJob(Job, (_, _) => Task.FromResult(new JobReport(Counts, new { })));
        var first = await _runner.RunAsync(ok, RunTrigger.Timer);
        _time.Advance(TimeSpan.FromSeconds(1));

        var second = await _runner.RunAsync(ok, RunTrigger.Timer);

        Assert.True(string.CompareOrdinal(first.RunId, second.RunId) < 0);
        Assert.Equal([second.RunId, first.RunId], (await _runs.ListRecentAsync(Job, 10, default)).Select(r => r.RunId));
    }

    [Fact]
    public async Task RunAsync_CrashedRunNeverReleased_LeaseFreesAfterBudgetPlusAMinute()
    {
        // A run that crashed without releasing: the lease store still holds it for budget + 1 min.
        await _leases.TryAcquireAsync(Job, "crashed", _time.GetUtcNow(), _options.RunBudget + TimeSpan.FromMinutes(1), default);
        var ok = new DelegateJob(Job, (_, _) => Task.FromResult(new JobReport(Counts, new { })));

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(RunStatus.AlreadyRunning, (await _runner.RunAsync(ok, RunTrigger.Timer)).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RunStatus.Completed, (await _runner.RunAsync(ok, RunTrigger.Timer)).Status);
    }
}
