using Azure.Data.Tables;
using Courier.Core.Queue;
using Courier.Storage.Tables;

namespace Courier.Storage.Queue;

/// <summary>
/// Maps queue items to rows and back. Both the main row and the index row carry every field when written, so a range read of
/// index rows returns whole items; the main row is not rewritten by a claim or a completion (see <see cref="TableQueueStore.GetAsync"/>). Reading is tolerant; see <see cref="Read"/>.
/// </summary>
internal static class QueueEntityMapper
{
    public const string IdColumn = "id";
    public const string QueueColumn = "queue";
    public const string StateColumn = "state";
    public const string PayloadColumn = "payload";
    public const string AttemptsColumn = "attempts";
    public const string DueAtColumn = "due_at";
    public const string CreatedAtColumn = "created_at";
    public const string UpdatedAtColumn = "updated_at";
    public const string LeaseOwnerColumn = "lease_owner";
    public const string LeaseTokenColumn = "lease_token";
    public const string LeaseUntilColumn = "lease_until";
    public const string LastErrorColumn = "last_error";
    public const string ResultColumn = "result";
    public const string GroupKeyColumn = "group_key";
    public const string RedrivesColumn = "redrives";
    public const string AttemptsBeforeRedriveColumn = "attempts_before_redrive";

    /// <summary>On the main row only: the RowKey of the item's index row, so a main row read alone still knows its index.</summary>
    public const string IndexKeyColumn = "index_key";

    /// <summary>Prefix of <see cref="QueueItem.LastError"/> for an item read from a damaged row.</summary>
    public const string CorruptMarker = "CORRUPT_ROW";

    public static TableEntity ToEntity(QueueItem item, string partitionKey, string rowKey, string? indexKey)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [IdColumn] = item.Id,
            [QueueColumn] = item.Queue,
            [StateColumn] = item.State.ToString(),
            [AttemptsColumn] = item.Attempts,
            [DueAtColumn] = item.DueAt,
            [CreatedAtColumn] = item.CreatedAt,
            [UpdatedAtColumn] = item.UpdatedAt,
        };
        TableText.Write(entity, PayloadColumn, item.Payload);
        TableText.Write(entity, LastErrorColumn, item.LastError);
        TableText.Write(entity, ResultColumn, item.Result);
        if (item.LeaseOwner is not null) entity[LeaseOwnerColumn] = item.LeaseOwner;
        if (item.LeaseToken is not null) entity[LeaseTokenColumn] = item.LeaseToken;
        if (item.LeaseUntil is { } until) entity[LeaseUntilColumn] = until;
        if (item.GroupKey is not null) entity[GroupKeyColumn] = item.GroupKey;
        // Written only once an item has been re-driven: rows of items never re-driven stay as they were.
        if (item.Redrives != 0) entity[RedrivesColumn] = item.Redrives;
        if (item.AttemptsBeforeRedrive != 0) entity[AttemptsBeforeRedriveColumn] = item.AttemptsBeforeRedrive;
        if (indexKey is not null) entity[IndexKeyColumn] = indexKey;
        EntitySize.EnsureStorable(entity, $"queue item '{item.Id}'");
        return entity;
    }

    /// <summary>
    /// Reads an item from an index row (<paramref name="fromIndex"/>) or a main row.
    /// Corrupt rows are surfaced, not skipped: the index RowKey is the authority for the state class and its time (it is what
    /// the range reads selected on), unreadable fields take neutral defaults, the payload is kept raw, and
    /// <see cref="QueueItem.LastError"/> starts with <see cref="CorruptMarker"/> and the reason. The job then sees the item and
    /// can claim and fail it (which rewrites both rows cleanly) instead of the row silently blocking or vanishing.
    /// Returns null only when not even the item's key can be recovered; <paramref name="problem"/> says why.
    /// </summary>
    public static QueueItem? Read(TableEntity entity, bool fromIndex, out string? problem)
    {
        var problems = new List<string>();
        var indexKey = fromIndex ? entity.RowKey : TableValues.String(entity, IndexKeyColumn);
        var hasIndex = QueueRowKeys.TryParseIndex(indexKey, out var prefix, out var indexTime, out var indexId);
        if (fromIndex && !hasIndex)
        {
            problem = $"RowKey '{entity.RowKey}' is not an index key";
            return null;
        }

        var id = TableValues.String(entity, IdColumn) ?? KeyEscaper.TryUnescape(fromIndex ? indexId : entity.RowKey[QueueRowKeys.MainPrefix.Length..]);
        if (string.IsNullOrEmpty(id))
        {
            problem = "the item id is missing";
            return null;
        }

        var queue = TableValues.String(entity, QueueColumn) ?? QueueFromPartition(entity.PartitionKey);
        var stateText = TableValues.String(entity, StateColumn);
        var parsed = Enum.TryParse<QueueState>(stateText, ignoreCase: false, out var state) && Enum.IsDefined(state) && !int.TryParse(stateText, out _);
        if (hasIndex)
        {
            var allowed = StatesOf(prefix);
            if (!parsed || !allowed.Contains(state))
            {
                problems.Add($"state '{stateText}' does not match index '{prefix}'");
                state = allowed[^1];
            }
        }
        else if (!parsed)
        {
            problems.Add($"state '{stateText}' is unreadable");
            state = QueueState.Unknown;
        }

        // The time in an index RowKey wins, so that the index key computed from this item is the row it came from: the due
        // time, or for completed rows the creation time.
        var timeFromIndex = hasIndex && prefix != QueueRowKeys.Done;
        var dueAt = timeFromIndex ? indexTime : Required(entity, DueAtColumn, problems);
        var createdAt = TableValues.Time(entity, CreatedAtColumn);
        if (hasIndex && prefix == QueueRowKeys.Done && (createdAt is null || QueueRowKeys.CreatedKeyTime(createdAt.Value) != indexTime)) createdAt = indexTime;
        var leaseUntil = TableValues.Time(entity, LeaseUntilColumn);
        if (state == QueueState.Processing && leaseUntil is null)
        {
            // A claimed row without a readable lease end counts as expired, so recovery can take it back.
            problems.Add("lease_until is unreadable");
            leaseUntil = dueAt;
        }

        var attempts = TableValues.Int(entity, AttemptsColumn);
        if (attempts is null && TableValues.Has(entity, AttemptsColumn)) problems.Add("attempts is unreadable");
        var redrives = TableValues.Int(entity, RedrivesColumn);
        if (redrives is null && TableValues.Has(entity, RedrivesColumn)) problems.Add("redrives is unreadable");
        var attemptsBeforeRedrive = TableValues.Int(entity, AttemptsBeforeRedriveColumn);
        if (attemptsBeforeRedrive is null && TableValues.Has(entity, AttemptsBeforeRedriveColumn)) problems.Add("attempts_before_redrive is unreadable");
        var payload = TableText.Read(entity, PayloadColumn, out var payloadWrongType);
        if (payloadWrongType) problems.Add("payload is not text");
        var lastError = TableText.Read(entity, LastErrorColumn, out _);
        if (problems.Count > 0) lastError = $"{CorruptMarker}: {string.Join("; ", problems)}" + (lastError is null ? "" : $"; previous error: {lastError}");

        problem = problems.Count > 0 ? string.Join("; ", problems) : null;
        return new QueueItem
        {
            Queue = queue,
            Id = id,
            State = state,
            Payload = payload ?? "{}",
            Attempts = attempts ?? 0,
            Redrives = redrives ?? 0,
            AttemptsBeforeRedrive = attemptsBeforeRedrive ?? 0,
            DueAt = dueAt,
            CreatedAt = createdAt ?? dueAt,
            UpdatedAt = TableValues.Time(entity, UpdatedAtColumn) ?? dueAt,
            LeaseOwner = TableValues.String(entity, LeaseOwnerColumn),
            LeaseToken = TableValues.String(entity, LeaseTokenColumn),
            LeaseUntil = leaseUntil,
            LastError = lastError,
            Result = TableText.Read(entity, ResultColumn, out _),
            GroupKey = TableValues.String(entity, GroupKeyColumn),
            Version = fromIndex ? ItemVersion.OfIndex(entity.ETag) : ItemVersion.OfMain(entity.ETag),
        };
    }

    /// <summary>The states an index prefix may hold; the last is the one assumed when the stored state is unreadable.</summary>
    public static IReadOnlyList<QueueState> StatesOf(string prefix) => prefix switch
    {
        QueueRowKeys.Due => [QueueState.Processing, QueueState.Queued, QueueState.Retry],
        QueueRowKeys.Done => [QueueState.Completed],
        QueueRowKeys.Fail => [QueueState.Failed],
        _ => [QueueState.Unknown],
    };

    private static DateTimeOffset Required(TableEntity entity, string column, List<string> problems)
    {
        if (TableValues.Time(entity, column) is { } value) return value;
        problems.Add($"{column} is unreadable");
        return DateTimeOffset.UnixEpoch;
    }

    private static string QueueFromPartition(string partitionKey)
    {
        var dash = partitionKey.LastIndexOf('-');
        return dash > 0 ? partitionKey[..dash] : partitionKey;
    }
}
