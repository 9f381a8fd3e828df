namespace Courier.Core.Queue;

/// <summary>
/// Every state change a queue item can make, in one place. Each is pure: it checks the expected state and
/// returns the next value; the store then writes it conditionally on the version that was read.
/// </summary>
public static class QueueTransitions
{
    /// <summary>Queued/Retry and due → Processing under a new lease. Does not count an attempt: only outcomes do.</summary>
    public static TransitionResult Claim(QueueItem item, string owner, DateTimeOffset now, TimeSpan leaseFor, string leaseToken)
    {
        if (!item.IsWaiting) return TransitionResult.Refused($"cannot claim an item in state {item.State}");
        if (item.DueAt > now) return TransitionResult.Refused("not due yet");
        return TransitionResult.To(item with
        {
            State = QueueState.Processing,
            LeaseOwner = owner,
            LeaseToken = leaseToken,
            LeaseUntil = now + leaseFor,
            UpdatedAt = now,
        });
    }

    /// <summary>Extends the lease of a long item (folder copy, archive) held by the same claim.</summary>
    public static TransitionResult Heartbeat(QueueItem item, string leaseToken, DateTimeOffset now, TimeSpan leaseFor)
    {
        var held = CheckHeld(item, leaseToken, now);
        if (held is not null) return TransitionResult.Refused(held);
        return TransitionResult.To(item with { LeaseUntil = now + leaseFor, UpdatedAt = now });
    }

    /// <summary>Processing (same claim) → Completed; the attempt counts.</summary>
    public static TransitionResult Complete(QueueItem item, string leaseToken, DateTimeOffset now, string? result = null)
    {
        var held = CheckOwned(item, leaseToken);
        if (held is not null) return TransitionResult.Refused(held);
        return TransitionResult.To(Finish(item, QueueState.Completed, now, item.LastError) with { Result = result ?? item.Result, LastError = null });
    }

    /// <summary>Processing (same claim) → Retry at <paramref name="nextAttemptAt"/>; the attempt counts.</summary>
    public static TransitionResult ScheduleRetry(QueueItem item, string leaseToken, DateTimeOffset now, DateTimeOffset nextAttemptAt, string error)
    {
        var held = CheckOwned(item, leaseToken);
        if (held is not null) return TransitionResult.Refused(held);
        return TransitionResult.To(Release(item, now) with
        {
            State = QueueState.Retry,
            Attempts = item.Attempts + 1,
            DueAt = nextAttemptAt,
            LastError = error,
        });
    }

    /// <summary>Processing (same claim) → Failed; the attempt counts.</summary>
    public static TransitionResult Fail(QueueItem item, string leaseToken, DateTimeOffset now, string error)
    {
        var held = CheckOwned(item, leaseToken);
        if (held is not null) return TransitionResult.Refused(held);
        return TransitionResult.To(Finish(item, QueueState.Failed, now, error));
    }

    /// <summary>Processing (same claim) → Unknown: a side effect may have happened; never retried blindly.</summary>
    public static TransitionResult MarkUnknown(QueueItem item, string leaseToken, DateTimeOffset now, string error)
    {
        var held = CheckOwned(item, leaseToken);
        if (held is not null) return TransitionResult.Refused(held);
        return TransitionResult.To(Release(item, now) with
        {
            State = QueueState.Unknown,
            Attempts = item.Attempts + 1,
            DueAt = now,
            LastError = error,
        });
    }

    /// <summary>
    /// Puts an item back without counting an attempt: a claimed item released at the end of a run's budget,
    /// or a waiting item pushed back by an open circuit. <paramref name="leaseToken"/> is required for a claimed item.
    /// </summary>
    public static TransitionResult Postpone(QueueItem item, string? leaseToken, DateTimeOffset now, DateTimeOffset dueAt, string? reason)
    {
        if (item.State == QueueState.Processing)
        {
            var held = CheckOwned(item, leaseToken);
            if (held is not null) return TransitionResult.Refused(held);
        }
        else if (!item.IsWaiting)
        {
            return TransitionResult.Refused($"cannot postpone an item in state {item.State}");
        }

        return TransitionResult.To(Release(item, now) with
        {
            State = item.Attempts == 0 && reason is null ? QueueState.Queued : QueueState.Retry,
            DueAt = dueAt,
            LastError = reason ?? item.LastError,
        });
    }

    /// <summary>
    /// Processing whose lease expired at least <paramref name="minAge"/> ago → Retry now (or Failed once
    /// <paramref name="maxAttempts"/> is reached, counted since the last re-drive). The crashed attempt counts. The old owner's token no longer matches.
    /// </summary>
    public static TransitionResult Rescue(QueueItem item, DateTimeOffset now, TimeSpan minAge, int? maxAttempts = null)
    {
        if (item.State != QueueState.Processing) return TransitionResult.Refused($"cannot rescue an item in state {item.State}");
        if (item.LeaseUntil is not { } until || until + minAge > now) return TransitionResult.Refused("lease has not expired long enough");
        var attempts = item.Attempts + 1;
        const string reason = "LEASE_EXPIRED: the worker holding this item stopped before finishing";
        if (maxAttempts is { } max && item.AttemptsSinceRedrive + 1 >= max)
        {
            return TransitionResult.To(Finish(item, QueueState.Failed, now, $"{reason}; gave up after {attempts} attempts"));
        }

        return TransitionResult.To(Release(item, now) with { State = QueueState.Retry, Attempts = attempts, DueAt = now, LastError = reason });
    }

    /// <summary>
    /// Failed or Unknown → Queued, due now: an operator's re-drive. The item keeps its history: <see cref="QueueItem.Attempts"/>
    /// and <see cref="QueueItem.LastError"/> stay (the error until the next attempt's outcome replaces it), the re-drive is
    /// counted in <see cref="QueueItem.Redrives"/>, and the retry budget starts again from here (<see cref="QueueItem.AttemptsBeforeRedrive"/>).
    /// </summary>
    public static TransitionResult Redrive(QueueItem item, DateTimeOffset now)
    {
        if (item.State is not (QueueState.Failed or QueueState.Unknown)) return TransitionResult.Refused($"cannot re-drive an item in state {item.State}");
        return TransitionResult.To(Release(item, now) with
        {
            State = QueueState.Queued,
            DueAt = now,
            Redrives = item.Redrives + 1,
            AttemptsBeforeRedrive = item.Attempts,
        });
    }

    /// <summary>Unknown → Completed: reconciliation found the side effect did happen.</summary>
    public static TransitionResult Reconcile(QueueItem item, DateTimeOffset now, string? result)
    {
        if (item.State != QueueState.Unknown) return TransitionResult.Refused($"cannot reconcile an item in state {item.State}");
        return TransitionResult.To(item with { State = QueueState.Completed, DueAt = now, UpdatedAt = now, Result = result ?? item.Result });
    }

    private static string? CheckOwned(QueueItem item, string? leaseToken)
    {
        if (item.State != QueueState.Processing) return $"item is {item.State}, not Processing";
        if (leaseToken is null || !string.Equals(item.LeaseToken, leaseToken, StringComparison.Ordinal)) return "lease is held by another claim";
        return null;
    }

    private static string? CheckHeld(QueueItem item, string leaseToken, DateTimeOffset now)
    {
        var owned = CheckOwned(item, leaseToken);
        if (owned is not null) return owned;
        return item.LeaseUntil is { } until && until <= now ? "lease has expired" : null;
    }

    private static QueueItem Release(QueueItem item, DateTimeOffset now) =>
        item with { LeaseOwner = null, LeaseToken = null, LeaseUntil = null, UpdatedAt = now };

    private static QueueItem Finish(QueueItem item, QueueState state, DateTimeOffset now, string? error) =>
        Release(item, now) with { State = state, Attempts = item.Attempts + 1, DueAt = now, LastError = error };
}
