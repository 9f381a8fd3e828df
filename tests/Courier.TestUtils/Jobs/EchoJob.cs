using Courier.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.TestUtils.Jobs;

/// <summary>A job that reports its name, trigger and parameters; registered under any catalog name (the key is injected).</summary>
public sealed class EchoJob([ServiceKey] string name) : IJob
{
    public string Name => name;

    public Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new JobReport(
            new Dictionary<string, int> { ["processed"] = 0 },
            new EchoReport(true, name, context.Trigger.ToString(), context.Parameters)));
}
