using Courier.Core.Jobs;
using Courier.Core.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Support;

/// <summary>A job that adds each run (instance, trigger, clock time) to a list shared by several in-process hosts.</summary>
public sealed class CountingJob([ServiceKey] string name, List<RecordedRun> runs, JobRunner runner, TimeProvider time) : IJob
{
    public string Name => name;

    public Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        lock (runs) runs.Add(new RecordedRun(runner.InstanceId, name, context.Trigger, time.GetUtcNow()));
        return Task.FromResult(new JobReport(new Dictionary<string, int> { ["processed"] = 1 }, new { ok = true }));
    }
}
