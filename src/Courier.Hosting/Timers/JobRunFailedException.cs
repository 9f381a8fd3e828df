namespace Courier.Hosting.Timers;

/// <summary>A timer's run failed; thrown so the Functions host records the invocation as failed. The run record holds the detail.</summary>
public sealed class JobRunFailedException(string job, string runId, string? error)
    : Exception($"run {runId} of {job} failed: {error ?? "no detail"}")
{
    public string Job { get; } = job;

    public string RunId { get; } = runId;
}
