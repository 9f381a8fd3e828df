using Courier.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.TestUtils.Jobs;

/// <summary>A job that waits at its <see cref="JobGate"/>, so a test can hold a run in progress.</summary>
public sealed class GatedJob([ServiceKey] string name, JobGate gate) : IJob
{
    public string Name => name;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        gate.SignalEntered();
        await gate.Open.WaitAsync(cancellationToken);
        return new JobReport(new Dictionary<string, int>(), new { ok = true });
    }
}
