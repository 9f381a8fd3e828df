namespace Courier.Core.Jobs.Artifacts;

/// <summary>The artifact twin's report (spec §5.2): <c>{"success":true,"processed","recovered"}</c>, with the outcomes of what was processed.</summary>
/// <param name="Success">Always true in a report: a run that fails answers a problem instead.</param>
/// <param name="Processed">Archives taken up in this run.</param>
/// <param name="Recovered">GENERATING archives whose lease had expired (a crashed worker's), reset before claiming.</param>
public sealed record ArtifactsResult(bool Success, int Processed, int Recovered)
{
    public int Ready { get; init; }

    public int Failed { get; init; }

    /// <summary>Attempts that failed and wait for a retry (PENDING again).</summary>
    public int Retried { get; init; }

    /// <summary>PENDING archives left for the next run (the run's limit or time budget).</summary>
    public int Deferred { get; init; }
}
