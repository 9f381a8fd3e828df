namespace Courier.Core.Queue;

/// <summary>
/// Which finished items a re-drive moves back to queued: items in one of <see cref="States"/> (Failed, Unknown) that match every
/// filter given. Times are when the item finished (<see cref="QueueItem.DueAt"/> of a finished item).
/// </summary>
public sealed record RedriveFilter
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10000;

    /// <summary>The states a re-drive may take items from.</summary>
    public static IReadOnlyList<QueueState> RedrivableStates { get; } = [QueueState.Failed, QueueState.Unknown];

    /// <summary>Failed only by default: an Unknown item's side effect may have happened, so it is re-driven only when asked for.</summary>
    public IReadOnlySet<QueueState> States { get; init; } = new HashSet<QueueState> { QueueState.Failed };

    /// <summary>Only items of this group (<see cref="QueueItem.GroupKey"/>: the site id for conversions); exact match.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Only items whose last error has this code (the text before the first ':' of <see cref="QueueItem.LastError"/>), case-insensitive.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Only items that finished at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only items that finished before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>At most this many items are read and moved per call, oldest first; call again for the rest.</summary>
    public int Limit { get; init; } = DefaultLimit;

    public bool Matches(QueueItem item) =>
        States.Contains(item.State)
        && (From is not { } from || item.DueAt >= from)
        && (To is not { } to || item.DueAt < to)
        && (GroupKey is null || string.Equals(item.GroupKey, GroupKey, StringComparison.Ordinal))
        && (ErrorCode is null || string.Equals(ErrorCodeOf(item.LastError), ErrorCode, StringComparison.OrdinalIgnoreCase));

    /// <summary>The code of a stored error: every <c>last_error</c> is written as <c>CODE: message</c> (<see cref="Errors.ProviderError.ToString"/>).</summary>
    public static string? ErrorCodeOf(string? lastError)
    {
        if (string.IsNullOrEmpty(lastError)) return null;
        var colon = lastError.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? lastError : lastError[..colon]).Trim();
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the filter cannot be run (the HTTP handler reports the same rules as 400s first).</summary>
    public void Validate()
    {
        if (States.Count == 0 || States.Any(s => !RedrivableStates.Contains(s)))
            throw new ArgumentException("a re-drive takes items from Failed or Unknown only", nameof(States));
        if (Limit is < 1 or > MaxLimit) throw new ArgumentException($"limit must be between 1 and {MaxLimit}", nameof(Limit));
        if (From is { } from && To is { } to && to <= from) throw new ArgumentException("to must be after from", nameof(To));
    }
}
