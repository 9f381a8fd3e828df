namespace Courier.Hosting.Status;

/// <summary>
/// A Failed or Unknown queue item as the status report lists it: its id, the queue's name for its state, the state as
/// re-drive names it (<c>FAILED</c> or <c>UNKNOWN</c>), why, and when it finished.
/// </summary>
public sealed record ProblemItem(string Id, string State, string Kind, string? Reason, int Attempts, DateTimeOffset FinishedAt);
