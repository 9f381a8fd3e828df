namespace Courier.Core.Queue;

/// <summary>A queue that some job drains, registered so shared maintenance (recovery, pruning, status) can reach every queue.</summary>
/// <param name="Name">The queue's name in storage.</param>
/// <param name="Job">The catalog name of the job that drains it.</param>
/// <param name="MaxAttempts">After this many attempts an item fails instead of being retried or rescued; null for no limit.</param>
/// <param name="StateNames">How the job's API names each state (artifacts: PENDING, GENERATING…).</param>
public sealed record QueueDefinition(string Name, string Job, int? MaxAttempts, IReadOnlyDictionary<QueueState, string> StateNames);
