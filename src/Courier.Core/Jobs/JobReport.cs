namespace Courier.Core.Jobs;

/// <summary>A run's result: counts for the run record, and the job's report body in the shape its twin returns.</summary>
/// <param name="Counts">Named counts (processed, completed, failed, deferred…), recorded in the Runs table.</param>
/// <param name="Body">The job's report as the spec shapes it; serialized as the twin's response and the timer's ReturnValue.</param>
public sealed record JobReport(IReadOnlyDictionary<string, int> Counts, object Body);
