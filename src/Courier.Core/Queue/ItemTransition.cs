namespace Courier.Core.Queue;

/// <summary>A planned change of one item: the version read and the value to write in its place, conditionally.</summary>
public sealed record ItemTransition(QueueItem Current, QueueItem Next);
