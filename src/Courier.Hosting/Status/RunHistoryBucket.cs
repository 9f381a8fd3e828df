namespace Courier.Hosting.Status;

/// <summary>One hour of a job's runs for the status chart: runs started, how many of them did not succeed, and the items they processed.</summary>
public sealed record RunHistoryBucket(DateTimeOffset HourStart, int Runs, int FailedRuns, int Items);
