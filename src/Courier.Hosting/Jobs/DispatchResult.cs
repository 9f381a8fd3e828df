using Courier.Core.Runs;

namespace Courier.Hosting.Jobs;

/// <summary>What asking the host to run a job produced: not built yet, or the runner's result.</summary>
/// <param name="Job">The job's catalog name.</param>
/// <param name="Run">The runner's result; null when the job is not built yet.</param>
public sealed record DispatchResult(string Job, RunResult? Run)
{
    public bool Built => Run is not null;

    public static DispatchResult NotBuilt(string job) => new(job, null);

    /// <summary>The problem detail of a job that is not built: "job '&lt;name&gt;' is not built yet".</summary>
    public static string NotBuiltMessage(string job) => $"job '{job}' is not built yet";
}
