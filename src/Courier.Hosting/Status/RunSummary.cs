namespace Courier.Hosting.Status;

/// <summary>A run record as the status report shows it; trigger and outcome in lower case (timer, pastdue, http, startup).</summary>
public sealed record RunSummary(
    string RunId,
    string Trigger,
    string Outcome,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, int> Counts,
    string? Error);
