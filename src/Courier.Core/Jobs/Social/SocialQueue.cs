using System.Text.Json;
using System.Text.Json.Serialization;
using Courier.Core.Queue;

namespace Courier.Core.Jobs.Social;

/// <summary>The social queue: its definition (API state names) and idempotent enqueue, due at the post's scheduled time.</summary>
public sealed class SocialQueue(WorkQueue queue)
{
    public const string Name = "social";

    /// <summary>The group of posts without a connection (simulated where enabled).</summary>
    public const string NoConnectionGroup = "(none)";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>How the social API names each state (spec §3: scheduled, processing, posted, failed; plus unknown).</summary>
    public static IReadOnlyDictionary<QueueState, string> StateNames { get; } = new Dictionary<QueueState, string>
    {
        [QueueState.Queued] = "scheduled",
        [QueueState.Processing] = "processing",
        [QueueState.Retry] = "scheduled",
        [QueueState.Completed] = "posted",
        [QueueState.Failed] = "failed",
        [QueueState.Unknown] = "unknown",
    };

    public static QueueDefinition Definition(int maxAttempts) => new(Name, SocialProcessor.JobName, maxAttempts, StateNames);

    /// <summary>The states an API status name stands for (<c>scheduled</c> = queued or waiting to retry); empty when unknown.</summary>
    public static IReadOnlyList<QueueState> StatesOf(string status) =>
        [.. StateNames.Where(s => string.Equals(s.Value, status, StringComparison.OrdinalIgnoreCase)).Select(s => s.Key)];

    /// <summary>Queues a post due at its scheduled time; a second enqueue of the same id returns the existing item unchanged.</summary>
    public Task<EnqueueResult> EnqueueAsync(SocialPostPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return queue.EnqueueAsync(
            Name, payload.PostId, JsonSerializer.Serialize(payload, Json), payload.ConnectionId ?? NoConnectionGroup, payload.ScheduledAt.ToUniversalTime(), cancellationToken);
    }

    public Task<QueueItem?> GetAsync(string postId, CancellationToken cancellationToken = default) => queue.GetAsync(Name, postId, cancellationToken);
}
