namespace Courier.Core.Jobs.WriteBack;

/// <summary>The twin's report (spec §5.5): <c>{"success":true,"result":{…},"queueStats":{…}}</c>.</summary>
public sealed record WriteBackResult(bool Success, WriteBackCounts Result, IReadOnlyDictionary<string, int> QueueStats);

/// <summary>
/// What a run did with the changes it took: <see cref="Succeeded"/> written to their sheet, <see cref="Failed"/> failed for good,
/// <see cref="Skipped"/> needing no write of their own (collapsed into a later change of the record, older than what the sheet
/// has, or a delete of a record with no row); <see cref="Retried"/> and <see cref="Waiting"/> (gated by a circuit or the write
/// limit) are due again later.
/// </summary>
public sealed record WriteBackCounts(int Processed, int Succeeded, int Failed, int Skipped)
{
    public int Retried { get; init; }

    public int Waiting { get; init; }

    public int Recovered { get; init; }

    public int Deferred { get; init; }

    public int WriteCalls { get; init; }
}
