namespace Courier.Hosting.Status;

/// <summary>One job's row of the status report.</summary>
/// <param name="Job">The job's catalog name (its timer function).</param>
/// <param name="Title">Human name.</param>
/// <param name="Schedule">The effective NCRONTAB schedule.</param>
/// <param name="Enabled">False when the timer is disabled by <c>AzureWebJobs.&lt;name&gt;.Disabled</c>.</param>
/// <param name="Built">False while the job is not registered yet (its twin and timer answer 501).</param>
/// <param name="Twin">The HTTP twin.</param>
/// <param name="LastRun">The newest run, from any trigger.</param>
/// <param name="NextFire">When the timer fires next (the schedule monitor's, standalone; computed from the schedule otherwise).</param>
/// <param name="Queues">Depth of the job's queues per state, in the job's own state names.</param>
/// <param name="Error">Why part of this row could not be read.</param>
public sealed record JobStatus(
    string Job,
    string Title,
    string Schedule,
    bool Enabled,
    bool Built,
    TwinStatus Twin,
    RunSummary? LastRun,
    DateTimeOffset? NextFire,
    IReadOnlyList<QueueStatus> Queues,
    string? Error)
{
    /// <summary>The last 24 hours of runs, hour by hour, oldest first (24 buckets).</summary>
    public IReadOnlyList<RunHistoryBucket> History { get; init; } = [];
}
