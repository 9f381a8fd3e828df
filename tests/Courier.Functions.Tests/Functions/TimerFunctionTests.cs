using Courier.Core.Runs;
using Courier.Functions.Tests.Support;
using Courier.Hosting.Catalog;
using Courier.Hosting.Hosting;
using Courier.Hosting.Jobs;
using Courier.Hosting.Jobs.Recovery;
using Courier.Hosting.Timers;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Tests.Functions;

/// <summary>Every timer function invoked as the host invokes it: one run of its job, <c>pastdue</c> when the host says so.</summary>
public sealed class TimerFunctionTests
{
    public static TheoryData<string, bool> TimersAndPastDue()
    {
        var data = new TheoryData<string, bool>();
        foreach (var timer in JobCatalog.Timers)
        {
            data.Add(timer.Name, false);
            data.Add(timer.Name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TimersAndPastDue))]
    public async Task Timer_IsPastDue_RecordsARunWithTheMatchingTrigger(string timer, bool isPastDue)
    {
        await using var worker = await WorkerHarness.StartAsync(services: EchoJobs.AddAll);

        await worker.InvokeTimerAsync(timer, isPastDue);

        var run = Assert.Single(await worker.Services.GetRequiredService<IRunStore>().ListRecentAsync(timer, 5, default));
        Assert.Equal(isPastDue ? RunTrigger.PastDue : RunTrigger.Timer, run.Trigger);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
    }

    [Fact]
    public async Task Timer_RealRecoveryJob_RecordsTheCountsTheStandaloneTwinReports()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(CourierTestHost.DefaultSettings()).Build();
        await using var worker = await WorkerHarness.StartAsync(services: s => s.AddCourierJobs(configuration));
        await using var standalone = await CourierTestHost.StartAsync(services: s => s.AddCourierJobs(configuration));

        await worker.InvokeTimerAsync(RecoveryJob.Name, isPastDue: false);
        using var twin = await standalone.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(RecoveryJob.Name)!, "POST", "bearer", TestSecrets.Cron));

        var fromTimer = Assert.Single(await worker.Services.GetRequiredService<IRunStore>().ListRecentAsync(RecoveryJob.Name, 5, default));
        var fromTwin = Assert.Single(await standalone.Services.GetRequiredService<IRunStore>().ListRecentAsync(RecoveryJob.Name, 5, default));
        Assert.Equal(System.Net.HttpStatusCode.OK, twin.StatusCode);
        Assert.Equal(fromTwin.Counts, fromTimer.Counts);
        Assert.Equal((RunTrigger.Timer, RunTrigger.Http), (fromTimer.Trigger, fromTwin.Trigger));
    }

    [Fact]
    public async Task Timer_JobNotBuilt_CompletesAndLogsWhy()
    {
        await using var worker = await WorkerHarness.StartAsync();

        await worker.InvokeTimerAsync("social-auto-poster-runner", isPastDue: false);

        Assert.Contains(worker.Logs.Lines, l => l.Contains("timer_skipped", StringComparison.Ordinal) && l.Contains("job 'social-auto-poster-runner' is not built yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timer_JobFails_InvocationFailsSoTheHostRecordsIt()
    {
        await using var worker = await WorkerHarness.StartAsync(services: s => s.AddCourierJob<FailingJob>(RecoveryJob.Descriptor));

        var error = await Assert.ThrowsAsync<JobRunFailedException>(() => worker.InvokeTimerAsync(RecoveryJob.Name, isPastDue: false));

        Assert.Equal(RecoveryJob.Name, error.Job);
        var run = Assert.Single(await worker.Services.GetRequiredService<IRunStore>().ListRecentAsync(RecoveryJob.Name, 5, default));
        Assert.Equal(RunOutcome.Failed, run.Outcome);
    }

    [Fact]
    public async Task Timer_JobAlreadyRunning_IsSkippedWithAReasonNotFailed()
    {
        var gate = new JobGate();
        await using var worker = await WorkerHarness.StartAsync(services: s => s.AddSingleton(gate).AddCourierJob<GatedJob>(RecoveryJob.Descriptor));
        var first = worker.InvokeTimerAsync(RecoveryJob.Name, isPastDue: false);
        await gate.Entered;

        await worker.InvokeTimerAsync(RecoveryJob.Name, isPastDue: true);
        gate.Release();
        await first;

        Assert.Contains(worker.Logs.Lines, l => l.Contains("timer_skipped", StringComparison.Ordinal) && l.Contains("still in progress", StringComparison.Ordinal));
        var run = Assert.Single(await worker.Services.GetRequiredService<IRunStore>().ListRecentAsync(RecoveryJob.Name, 5, default));
        Assert.Equal(RunTrigger.Timer, run.Trigger);
    }
}
