namespace Courier.Hosting.Status;

/// <summary>
/// One queue's depth per state (the job's state names), the age of its oldest due item, its Unknown items, and the oldest
/// Failed and Unknown items with their reasons (at most <see cref="StatusService.ProblemItemsShown"/> of each).
/// </summary>
public sealed record QueueStatus(string Queue, IReadOnlyDictionary<string, int> Depth, double? OldestDueAgeSeconds, int Unknown)
{
    public IReadOnlyList<ProblemItem> Problems { get; init; } = [];
}
