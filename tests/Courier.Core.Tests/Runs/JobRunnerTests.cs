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
    private readonly JobRunnerOptions _options = new()
    {
        RunBudget = TimeSpan.FromMinutes(9),
        ClaimReserve = TimeSpan.FromSeconds(30),
        LeaseDuration = TimeSpan.FromMinutes(1),
        DeadlineGrace = TimeSpan.FromSeconds(30),
        InstanceId = "instance-a",
    };
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
    public async Task RunAsync_InstanceKilledMidRun_JobFreeAfterOneLeaseDuration()
    {
        // A killed instance stops renewing: here its lease is taken as a run would take it, and never renewed or released.
        await _leases.TryAcquireAsync(Job, "killed", _time.GetUtcNow(), _options.LeaseDuration, default);

        _time.Advance(_options.LeaseDuration - TimeSpan.FromTicks(1));
        Assert.Equal(RunStatus.AlreadyRunning, (await _runner.RunAsync(Ok(), RunTrigger.Timer)).Status);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(RunStatus.Completed, (await _runner.RunAsync(Ok(), RunTrigger.Timer)).Status);
    }

    [Fact]
    public async Task RunAsync_RunLastingThreeLeasePeriods_RenewsItsLeaseAndAnotherInstanceIsRefused()
    {
        var store = new ControlledRunLeaseStore(_leases);
        var runner = Runner(store, "instance-a");
        var other = Runner(_leases, "instance-b");
        var started = Signal<string>();
        var release = Signal<JobReport>();
        var run = runner.RunAsync(new DelegateJob(Job, (ctx, _) =>
        {
            started.SetResult(ctx.RunId);
            return release.Task;
        }), RunTrigger.Timer);
        var runId = await started.Task;

        // A renewal every third of the lease: nine ticks are three lease periods.
        for (var tick = 1; tick <= 9; tick++)
        {
            _time.Advance(_options.LeaseDuration / 3);
            var (renewed, failed) = await store.NextRenewalAsync();
            Assert.False(failed);
            Assert.Equal(_time.GetUtcNow() + _options.LeaseDuration, renewed?.Until);

            var refused = await other.RunAsync(new DelegateJob(Job, (_, _) => throw new InvalidOperationException("must not run")), RunTrigger.Http);

            Assert.Equal(RunStatus.AlreadyRunning, refused.Status);
            Assert.Equal(runId, refused.HolderRunId);
        }

        release.SetResult(new JobReport(Counts, new { ok = true }));
        Assert.Equal(RunStatus.Completed, (await run).Status);
        Assert.Equal(RunOutcome.Succeeded, (await _runs.GetAsync(Job, runId, default))!.Outcome);
        Assert.Equal(RunStatus.Completed, (await other.RunAsync(Ok(), RunTrigger.Timer)).Status);
    }

    [Fact]
    public async Task RunAsync_PastItsDeadline_TokenCancelledAndRecordedCancelledWithItsCounts()
    {
        var started = Signal<CancellationToken>();
        var job = new DelegateJob(Job, async (_, ct) =>
        {
            started.SetResult(ct);
            await Cancellation(ct);
            // A job that stops on its token reports what it did so far.
            return new JobReport(Counts, new { ok = false });
        });
        var run = _runner.RunAsync(job, RunTrigger.Timer);
        var token = await started.Task;
        var deadline = TestClock.Start + _options.RunBudget + _options.DeadlineGrace;

        _time.Advance(deadline - _time.GetUtcNow() - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromTicks(1));
        var result = await run;

        Assert.True(token.IsCancellationRequested);
        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal("deadline exceeded", result.Error);
        Assert.Same(Counts, result.Report!.Counts);
        var record = (await _runs.GetAsync(Job, result.RunId, default))!;
        Assert.Equal(RunOutcome.Cancelled, record.Outcome);
        Assert.Equal(Counts, record.Counts);
        Assert.Equal("deadline exceeded", record.Error);
        Assert.Equal(deadline, record.FinishedAt);
        Assert.Equal(RunStatus.Completed, (await _runner.RunAsync(Ok(), RunTrigger.Timer)).Status);
    }

    [Fact]
    public async Task RunAsync_PastItsDeadlineJobThrowsOperationCanceled_RecordedCancelledWithNoCounts()
    {
        var started = Signal<bool>();
        var job = new DelegateJob(Job, async (_, ct) =>
        {
            started.SetResult(true);
            await Cancellation(ct);
            ct.ThrowIfCancellationRequested();
            return new JobReport(Counts, new { });
        });
        var run = _runner.RunAsync(job, RunTrigger.Timer);
        await started.Task;

        _time.Advance(_options.RunBudget + _options.DeadlineGrace);
        var result = await run;

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal("deadline exceeded", result.Error);
        Assert.Null(result.Report);
        var record = (await _runs.GetAsync(Job, result.RunId, default))!;
        Assert.Equal(RunOutcome.Cancelled, record.Outcome);
        Assert.Empty(record.Counts);
        Assert.Equal("deadline exceeded", record.Error);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_RecordsAbortedNotCancelled()
    {
        using var stopping = new CancellationTokenSource();
        var started = Signal<bool>();
        var job = new DelegateJob(Job, async (_, ct) =>
        {
            started.SetResult(true);
            await Cancellation(ct);
            ct.ThrowIfCancellationRequested();
            return new JobReport(Counts, new { });
        });
        var run = _runner.RunAsync(job, RunTrigger.Timer, null, stopping.Token);
        await started.Task;

        await stopping.CancelAsync();
        var result = await run;

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(RunOutcome.Aborted, (await _runs.GetAsync(Job, result.RunId, default))!.Outcome);
        Assert.Equal(RunStatus.Completed, (await _runner.RunAsync(Ok(), RunTrigger.Timer)).Status);
    }

    [Fact]
    public async Task RunAsync_LeaseTakenOverByAnotherInstance_RunCancelledAsLeaseLost()
    {
        var store = new ControlledRunLeaseStore(_leases);
        var runner = Runner(store, "instance-a");
        var other = Runner(_leases, "instance-b");
        var job = new DelegateJob(Job, async (_, ct) =>
        {
            await Cancellation(ct);
            ct.ThrowIfCancellationRequested();
            return new JobReport(Counts, new { });
        });
        var held = store.HoldRenewals();
        var run = runner.RunAsync(job, RunTrigger.Timer);

        // The first renewal stalls (a long storage pause) until the lease has run out and another instance has taken the job.
        _time.Advance(_options.LeaseDuration / 3);
        await store.RenewalHeld.Task;
        _time.Advance(_options.LeaseDuration - _options.LeaseDuration / 3);
        var otherStarted = Signal<string>();
        var otherRelease = Signal<JobReport>();
        var otherRun = other.RunAsync(new DelegateJob(Job, (ctx, _) =>
        {
            otherStarted.SetResult(ctx.RunId);
            return otherRelease.Task;
        }), RunTrigger.Timer);
        var otherRunId = await otherStarted.Task;
        held.SetResult();
        var result = await run;

        Assert.Null((await store.NextRenewalAsync()).Renewed);
        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal("run lease lost", result.Error);
        var record = (await _runs.GetAsync(Job, result.RunId, default))!;
        Assert.Equal(RunOutcome.Cancelled, record.Outcome);
        Assert.Equal("run lease lost", record.Error);
        // The lost lease is not released: the other instance still holds the job.
        Assert.DoesNotContain("release", store.Calls);
        Assert.Equal(otherRunId, (await runner.RunAsync(Ok(), RunTrigger.Http)).HolderRunId);
        otherRelease.SetResult(new JobReport(Counts, new { }));
        Assert.Equal(RunStatus.Completed, (await otherRun).Status);
    }

    [Fact]
    public async Task RunAsync_RenewalFailsOnce_RetriedAtTheNextTickAndTheRunGoesOn()
    {
        var store = new ControlledRunLeaseStore(_leases);
        var runner = Runner(store, "instance-a");
        var release = Signal<JobReport>();
        var run = runner.RunAsync(new DelegateJob(Job, (_, _) => release.Task), RunTrigger.Timer);
        store.FailRenewals(1);

        _time.Advance(_options.LeaseDuration / 3);
        Assert.True((await store.NextRenewalAsync()).Failed);
        _time.Advance(_options.LeaseDuration / 3);
        var (renewed, failed) = await store.NextRenewalAsync();

        Assert.False(failed);
        Assert.Equal(_time.GetUtcNow() + _options.LeaseDuration, renewed?.Until);
        release.SetResult(new JobReport(Counts, new { }));
        Assert.Equal(RunStatus.Completed, (await run).Status);
    }

    [Fact]
    public async Task RunAsync_RenewalsFailUntilTheLeaseRunsOut_RunCancelledAsLeaseLost()
    {
        var store = new ControlledRunLeaseStore(_leases);
        var runner = Runner(store, "instance-a");
        var started = Signal<CancellationToken>();
        var job = new DelegateJob(Job, async (_, ct) =>
        {
            started.SetResult(ct);
            await Cancellation(ct);
            ct.ThrowIfCancellationRequested();
            return new JobReport(Counts, new { });
        });
        store.FailRenewals(int.MaxValue);
        var run = runner.RunAsync(job, RunTrigger.Timer);
        var token = await started.Task;

        for (var tick = 1; tick <= 2; tick++)
        {
            _time.Advance(_options.LeaseDuration / 3);
            Assert.True((await store.NextRenewalAsync()).Failed);
        }

        Assert.False(token.IsCancellationRequested);
        _time.Advance(_options.LeaseDuration - 2 * (_options.LeaseDuration / 3));
        var result = await run;

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal("run lease lost", result.Error);
        Assert.Equal(RunOutcome.Cancelled, (await _runs.GetAsync(Job, result.RunId, default))!.Outcome);
    }

    [Fact]
    public async Task RunAsync_ReleaseThrowsAfterSuccess_ResultAndRecordStaySucceeded()
    {
        var store = new ControlledRunLeaseStore(_leases) { FailReleases = true };
        var runner = Runner(store, "instance-a");

        var result = await runner.RunAsync(Ok(), RunTrigger.Timer);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Same(Counts, result.Report!.Counts);
        Assert.Null(result.Error);
        Assert.Contains("release", store.Calls);
        Assert.Equal(RunOutcome.Succeeded, (await _runs.GetAsync(Job, result.RunId, default))!.Outcome);
    }

    [Fact]
    public async Task RunAsync_ReleaseThrowsAfterJobFailed_ResultKeepsTheJobsError()
    {
        var store = new ControlledRunLeaseStore(_leases) { FailReleases = true };
        var runner = Runner(store, "instance-a");

        var result = await runner.RunAsync(new DelegateJob(Job, (_, _) => throw new InvalidOperationException("storage unreachable")), RunTrigger.Timer);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("InvalidOperationException: storage unreachable", result.Error);
        var record = (await _runs.GetAsync(Job, result.RunId, default))!;
        Assert.Equal(RunOutcome.Failed, record.Outcome);
        Assert.Equal("InvalidOperationException: storage unreachable", record.Error);
    }

    [Fact]
    public async Task RunAsync_FinalRecordCannotBeSaved_ResultStaysSucceeded()
    {
        var runs = new FailingFinalSaveRunStore();
        var runner = new JobRunner(runs, _leases, _time, _options, NullLogger<JobRunner>.Instance);

        var result = await runner.RunAsync(Ok(), RunTrigger.Timer);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Same(Counts, result.Report!.Counts);
    }

    [Fact]
    public async Task RunAsync_RenewalInFlightWhenTheJobEnds_RenewalStoppedBeforeRelease()
    {
        var store = new ControlledRunLeaseStore(_leases);
        var runner = Runner(store, "instance-a");
        var release = Signal<JobReport>();
        store.HoldRenewals();
        var run = runner.RunAsync(new DelegateJob(Job, (_, _) => release.Task), RunTrigger.Timer);
        _time.Advance(_options.LeaseDuration / 3);
        await store.RenewalHeld.Task;

        release.SetResult(new JobReport(Counts, new { }));
        var result = await run;

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(["renew-start", "renew-end", "release"], store.Calls);
        Assert.Equal(RunStatus.Completed, (await _runner.RunAsync(Ok(), RunTrigger.Timer)).Status);
    }

    private JobRunner Runner(IRunLeaseStore leases, string instance) =>
        new(_runs, leases, _time, new JobRunnerOptions { RunBudget = _options.RunBudget, ClaimReserve = _options.ClaimReserve, InstanceId = instance }, NullLogger<JobRunner>.Instance);

    private static DelegateJob Ok() => new(Job, (_, _) => Task.FromResult(new JobReport(Counts, new { ok = true })));

    private static TaskCompletionSource<T> Signal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <paramref name="token"/> is cancelled: a job that works until told to stop.</summary>
    private static async Task Cancellation(CancellationToken token)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (token.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
    }

    /// <summary>Saves the start of a run, fails on its end.</summary>
    private sealed class FailingFinalSaveRunStore : IRunStore
    {
        private readonly InMemoryRunStore _inner = new();

        public Task SaveAsync(RunRecord run, CancellationToken cancellationToken) =>
            run.FinishedAt is null ? _inner.SaveAsync(run, cancellationToken) : throw new InvalidOperationException("storage unreachable");

        public Task<RunRecord?> GetAsync(string job, string runId, CancellationToken cancellationToken) => _inner.GetAsync(job, runId, cancellationToken);

        public Task<IReadOnlyList<RunRecord>> ListRecentAsync(string job, int max, CancellationToken cancellationToken) => _inner.ListRecentAsync(job, max, cancellationToken);
    }
}
