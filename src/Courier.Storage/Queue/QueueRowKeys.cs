using System.Globalization;
using System.Text;
using Courier.Core.Queue;
using Courier.Storage.Tables;

namespace Courier.Storage.Queue;

/// <summary>
/// Key layout of the queue table. PartitionKey <c>{queue}-{shard:D2}</c>; in it, a main row <c>i|{id}</c>, one index row per
/// item whose RowKey sorts by state class, then time — <c>due|</c> (waiting and claimed items, by due time),
/// <c>done|</c> (completed, by creation time, so the key is known from the main row), <c>fail|</c> and <c>unk|</c> (by when
/// they finished) + ticks (D19) + <c>|{id}</c> — and one counter row per partition, <see cref="CompletedCounter"/>.
/// A claim rewrites the due row in place and a completion moves it to <c>done|</c>: three entity writes from enqueue to
/// completion (docs/performance.md).
/// </summary>
internal static class QueueRowKeys
{
    public const string MainPrefix = "i|";
    public const string Due = "due|";
    public const string Done = "done|";
    public const string Fail = "fail|";
    public const string Unknown = "unk|";

    /// <summary>Longest escaped id kept readable: with the longest prefix and ticks the RowKey stays under 1024 characters.</summary>
    private const int MaxEscapedId = 960;

    /// <summary>The partition's count of completed items (sorts after every item row).</summary>
    public const string CompletedCounter = "~completed";

    public static readonly IReadOnlyList<string> IndexPrefixes = [Due, Done, Fail, Unknown];

    public static string Partition(string queue, int shard) => queue + "-" + shard.ToString("D2", CultureInfo.InvariantCulture);

    public static string Partition(string queue, string id, int shards) => Partition(queue, Shard(id, shards));

    /// <summary>FNV-1a over the id's UTF-8 bytes: stable across processes and versions, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int Shard(string id, int shards)
    {
        const uint offset = 2166136261;
        const uint prime = 16777619;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash ^= b;
            hash *= prime;
        }

        return (int)(hash % (uint)shards);
    }

    public static string EscapedId(string id) => KeyEscaper.EscapeBounded(id, MaxEscapedId);

    public static string Main(string id) => MainPrefix + EscapedId(id);

    /// <summary>
    /// The index RowKey an item in its current state and times must have. A claimed item keeps its due row (a claim does not
    /// change <see cref="QueueItem.DueAt"/>); a completed one is keyed by its creation time to the millisecond, which the main
    /// row written at enqueue already holds.
    /// </summary>
    public static string Index(QueueItem item) => item.State == QueueState.Completed
        ? Index(Done, CreatedKeyTime(item.CreatedAt), item.Id)
        : Index(PrefixOf(item.State), item.DueAt, item.Id);

    /// <summary>Creation time as the completed key holds it: whole milliseconds, which every table store keeps exactly.</summary>
    public static DateTimeOffset CreatedKeyTime(DateTimeOffset createdAt) =>
        new(createdAt.UtcTicks - (createdAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>Which index range holds items of <paramref name="state"/>: waiting and claimed items share one, ordered by due time.</summary>
    public static string PrefixOf(QueueState state) => state switch
    {
        QueueState.Queued or QueueState.Retry or QueueState.Processing => Due,
        QueueState.Completed => Done,
        QueueState.Failed => Fail,
        QueueState.Unknown => Unknown,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown queue state"),
    };

    public static string Index(string prefix, DateTimeOffset at, string id) => prefix + Ticks(at) + "|" + EscapedId(id);

    /// <summary>The first index RowKey of <paramref name="prefix"/> with a time at or after <paramref name="atOrAfter"/>.</summary>
    public static string LowerBound(string prefix, DateTimeOffset atOrAfter) => prefix + Ticks(atOrAfter);

    /// <summary>The first RowKey after every index row of <paramref name="prefix"/> with a time at or before <paramref name="atOrBefore"/>.</summary>
    public static string UpperBoundInclusive(string prefix, DateTimeOffset atOrBefore) =>
        prefix + (atOrBefore.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The first RowKey after every index row of <paramref name="prefix"/> with a time strictly before <paramref name="before"/>.</summary>
    public static string UpperBoundExclusive(string prefix, DateTimeOffset before) => prefix + Ticks(before);

    /// <summary>The first RowKey after every row that starts with <paramref name="prefix"/>.</summary>
    public static string EndOf(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>Splits an index RowKey into its prefix, time and escaped id; false for any other key.</summary>
    public static bool TryParseIndex(string? rowKey, out string prefix, out DateTimeOffset at, out string escapedId)
    {
        prefix = "";
        at = default;
        escapedId = "";
        if (rowKey is null) return false;
        foreach (var p in IndexPrefixes)
        {
            if (!rowKey.StartsWith(p, StringComparison.Ordinal)) continue;
            var rest = rowKey.AsSpan(p.Length);
            if (rest.Length < 21 || rest[19] != '|') return false;
            if (!long.TryParse(rest[..19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
            prefix = p;
            at = new DateTimeOffset(ticks, TimeSpan.Zero);
            escapedId = rest[20..].ToString();
            return true;
        }

        return false;
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
