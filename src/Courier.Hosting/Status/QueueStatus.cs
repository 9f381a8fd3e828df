namespace Courier.Hosting.Status;

/// <summary>One queue's depth per state (the job's state names), the age of its oldest due item, and its Unknown items.</summary>
public sealed record QueueStatus(string Queue, IReadOnlyDictionary<string, int> Depth, double? OldestDueAgeSeconds, int Unknown);
