using Courier.Core.Errors;

namespace Courier.Core.Queue;

/// <summary>A handler's verdict on one claimed item, built with the factory methods (<see cref="Completed"/>, <see cref="Retry"/>…).</summary>
public sealed record ItemOutcome
{
    private ItemOutcome(ItemOutcomeKind kind)
    {
        Kind = kind;
    }

    public ItemOutcomeKind Kind { get; }

    /// <summary>For <see cref="ItemOutcomeKind.Completed"/>: what to store as the item's result (JSON text), if anything.</summary>
    public string? Result { get; private init; }

    /// <summary>For <see cref="ItemOutcomeKind.Retry"/>: the classified error that decides between retry, fail and Unknown.</summary>
    public ProviderError? Error { get; private init; }

    /// <summary>For Failed, Unknown and Postponed: the readable reason stored as the item's last error.</summary>
    public string? Reason { get; private init; }

    /// <summary>For <see cref="ItemOutcomeKind.Postponed"/>: when the item is due again; null keeps its due time, so it stays due and keeps its place.</summary>
    public DateTimeOffset? DueAt { get; private init; }

    /// <summary>
    /// For Retry, Postponed and Unknown: progress to keep in the item's <see cref="QueueItem.Result"/> while it waits (for
    /// example an Instagram container id), so a later attempt resumes instead of repeating a step. Null keeps what is there.
    /// </summary>
    public string? Checkpoint { get; private init; }

    public static ItemOutcome Completed(string? result = null) => new(ItemOutcomeKind.Completed) { Result = result };

    public static ItemOutcome Retry(ProviderError error) =>
        new(ItemOutcomeKind.Retry) { Error = error ?? throw new ArgumentNullException(nameof(error)) };

    public static ItemOutcome Failed(string reason) => new(ItemOutcomeKind.Failed) { Reason = Require(reason) };

    public static ItemOutcome Unknown(string reason) => new(ItemOutcomeKind.Unknown) { Reason = Require(reason) };

    /// <summary>Puts the item back until <paramref name="dueAt"/> without counting an attempt (for example an open circuit: <c>CIRCUIT_OPEN</c>).</summary>
    public static ItemOutcome Postponed(DateTimeOffset dueAt, string? reason) => new(ItemOutcomeKind.Postponed) { DueAt = dueAt, Reason = reason };

    /// <summary>Hands an untouched item back, still due and with no new error, for a later run (probe limit reached, budget ending).</summary>
    public static ItemOutcome Released() => new(ItemOutcomeKind.Postponed);

    /// <summary>This outcome, also storing <paramref name="checkpoint"/> (JSON text) in the item if it is left waiting or Unknown.</summary>
    public ItemOutcome WithCheckpoint(string checkpoint) => this with { Checkpoint = checkpoint ?? throw new ArgumentNullException(nameof(checkpoint)) };

    private static string Require(string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("a reason is required", nameof(reason)) : reason;
}
