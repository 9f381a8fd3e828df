using Courier.Core.Jobs;

namespace Courier.Core.Runs;

/// <summary>What asking for a run produced: a finished run with its report, a refusal because one is in progress, or a failure.</summary>
public sealed record RunResult(RunStatus Status, string RunId, JobReport? Report, string? Error)
{
    /// <summary>When <see cref="Status"/> is <see cref="RunStatus.AlreadyRunning"/>: the run holding the lease.</summary>
    public string? HolderRunId { get; init; }
}
