using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Courier.Core.Queue;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>The sync queue: its definition (API state names) and the enqueue of record changes, one item per change.</summary>
/// <remarks>
/// Each change is its own item (<c>{model}:{recordId}:{suffix}</c>), so a change that arrives while an earlier one of the same
/// record is being written is never lost; a run collapses a record's changes into the latest. With the caller's
/// <c>version</c>, the suffix is that version, so resending one change stores it once.
/// </remarks>
public sealed class SyncQueue(WorkQueue queue)
{
    public const string Name = "sync-queue";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static IReadOnlyDictionary<QueueState, string> StateNames { get; } = new Dictionary<QueueState, string>
    {
        [QueueState.Queued] = "PENDING",
        [QueueState.Processing] = "PROCESSING",
        [QueueState.Retry] = "RETRY",
        [QueueState.Completed] = "COMPLETED",
        [QueueState.Failed] = "FAILED",
        [QueueState.Unknown] = "UNKNOWN",
    };

    public static QueueDefinition Definition(int maxAttempts) => new(Name, WriteBackProcessor.JobName, maxAttempts, StateNames);

    private static long _sequence;

    /// <summary>
    /// The item id of a change: the caller's version when given, else a time-ordered unique suffix (the enqueue time, then a
    /// per-process sequence, so two changes of one record queued within one clock tick still order as they came).
    /// </summary>
    public static string IdOf(SyncChange change, string? version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (version is not null) return $"{change.Model}:{change.RecordId}:v{version}";
        var sequence = Interlocked.Increment(ref _sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{change.Model}:{change.RecordId}:{now.UtcTicks:D19}-{sequence:D12}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>Queues a change; with a <paramref name="version"/> already queued, returns that item unchanged.</summary>
    public Task<EnqueueResult> EnqueueAsync(SyncChange change, string? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return queue.EnqueueAsync(Name, IdOf(change, version, queue.Time.GetUtcNow()), JsonSerializer.Serialize(change, Json), change.Model, cancellationToken: cancellationToken);
    }

    public Task<QueueStats> GetStatsAsync(CancellationToken cancellationToken = default) => queue.GetStatsAsync(Name, cancellationToken);

    /// <summary>Counts per API state name, every state listed (0 when empty).</summary>
    public static IReadOnlyDictionary<string, int> Named(QueueStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return StateNames.ToDictionary(p => p.Value, p => stats.Count(p.Key), StringComparer.Ordinal);
    }
}
