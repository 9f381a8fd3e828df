using System.Text.Json;
using Courier.Core.Queue;

namespace Courier.Core.Jobs.Conversions;

/// <summary>The conversions queue: its definition (API state names) and idempotent enqueue keyed by site and sale.</summary>
public sealed class ConversionsQueue(WorkQueue queue)
{
    public const string Name = "conversions";

    // Missing or null fields make a payload unreadable, so a damaged row fails alone instead of reaching the uploader (or the run) half-empty.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>How the conversions API names each state.</summary>
    public static IReadOnlyDictionary<QueueState, string> StateNames { get; } = new Dictionary<QueueState, string>
    {
        [QueueState.Queued] = "QUEUED",
        [QueueState.Processing] = "PROCESSING",
        [QueueState.Retry] = "RETRY",
        [QueueState.Completed] = "COMPLETED",
        [QueueState.Failed] = "FAILED",
        [QueueState.Unknown] = "UNKNOWN",
    };

    public static QueueDefinition Definition(int maxAttempts) => new(Name, ConversionsProcessor.JobName, maxAttempts, StateNames);

    /// <summary>The item id: one sale of one site is one conversion, whatever else a resend changes.</summary>
    public static string IdOf(string siteId, string saleId) => $"{siteId}:{saleId}";

    /// <summary>Queues a conversion; a second enqueue of the same site and sale returns the existing item unchanged.</summary>
    public Task<EnqueueResult> EnqueueAsync(ConversionPayload payload, CancellationToken cancellationToken = default) =>
        queue.EnqueueAsync(Name, IdOf(payload.SiteId, payload.SaleId), JsonSerializer.Serialize(payload, Json), payload.SiteId, cancellationToken: cancellationToken);

    /// <summary>Queues many conversions in one go (the bulk API), each idempotent as <see cref="EnqueueAsync"/>; results in input order.</summary>
    public Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<ConversionPayload> payloads, CancellationToken cancellationToken = default) =>
        queue.EnqueueManyAsync(Name, payloads.Select(p => (IdOf(p.SiteId, p.SaleId), JsonSerializer.Serialize(p, Json), (string?)p.SiteId)).ToList(), cancellationToken);

    public Task<QueueItem?> GetAsync(string siteId, string saleId, CancellationToken cancellationToken = default) =>
        queue.GetAsync(Name, IdOf(siteId, saleId), cancellationToken);
}
