namespace Courier.Core.Jobs.WriteBack;

/// <summary>One <c>SyncLog</c> row: what became of one queued change (written, collapsed, failed…), with a readable message.</summary>
/// <param name="Row">The sheet row written or marked, when there was one.</param>
public sealed record SyncLogEntry(DateTimeOffset At, string ItemId, string Model, string RecordId, string Action, bool Ok, string Message, int? Row);
