namespace Courier.Core.Runs;

/// <summary>One run of a job, from any trigger, as recorded in the <c>Runs</c> table.</summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }

    public required string Job { get; init; }

    public RunTrigger Trigger { get; init; }

    public required string Instance { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public RunOutcome Outcome { get; init; } = RunOutcome.Running;

    /// <summary>Item counts by name (processed, succeeded, failed, deferred…).</summary>
    public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();

    /// <summary>A readable reason when the run failed or aborted.</summary>
    public string? Error { get; init; }
}
