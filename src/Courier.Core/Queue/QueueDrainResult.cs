namespace Courier.Core.Queue;

/// <summary>
/// What one drain did. Every claimed item lands in exactly one of Completed, Failed, Retried, Unknown, Postponed or Lost,
/// and <see cref="Processed"/> is their sum; <see cref="Deferred"/> counts due items left in the queue (bounded).
/// </summary>
public sealed record QueueDrainResult(int Processed, int Completed, int Failed, int Retried, int Unknown, int Postponed, int Lost, int Deferred)
{
    public static QueueDrainResult Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Expired leases of the queue taken back before claiming; rescued items are then due like any other, so the same run may also count them in <see cref="Processed"/>.</summary>
    public int Recovered { get; init; }

    /// <summary>The counts under the names the Runs table uses.</summary>
    public IReadOnlyDictionary<string, int> ToCounts() => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["processed"] = Processed,
        ["completed"] = Completed,
        ["failed"] = Failed,
        ["retried"] = Retried,
        ["unknown"] = Unknown,
        ["postponed"] = Postponed,
        ["lost"] = Lost,
        ["deferred"] = Deferred,
        ["recovered"] = Recovered,
    };
}
