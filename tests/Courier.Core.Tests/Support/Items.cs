using Courier.Core.Queue;

namespace Courier.Core.Tests.Support;

/// <summary>Queue items whose defaults fit each state, for transition tests that do not need a store.</summary>
internal static class Items
{
    public const string Token = "token-1";
    public const string Owner = "run-1";
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public static QueueItem In(QueueState state, DateTimeOffset now, int attempts = 0) => state switch
    {
        QueueState.Processing => Claimed(now, attempts),
        QueueState.Queued or QueueState.Retry => Waiting(now, attempts) with { State = state },
        _ => Waiting(now, attempts) with { State = state, DueAt = now },
    };

    public static QueueItem Waiting(DateTimeOffset dueAt, int attempts = 0) => new()
    {
        Queue = "test",
        Id = "item-1",
        State = attempts == 0 ? QueueState.Queued : QueueState.Retry,
        Payload = "{}",
        Attempts = attempts,
        DueAt = dueAt,
        CreatedAt = dueAt,
        UpdatedAt = dueAt,
        Version = "1",
    };

    /// <summary>Processing under <see cref="Token"/>, claimed at <paramref name="claimedAt"/> for <see cref="Lease"/>.</summary>
    public static QueueItem Claimed(DateTimeOffset claimedAt, int attempts = 0) => Waiting(claimedAt, attempts) with
    {
        State = QueueState.Processing,
        LeaseOwner = Owner,
        LeaseToken = Token,
        LeaseUntil = claimedAt + Lease,
    };
}
