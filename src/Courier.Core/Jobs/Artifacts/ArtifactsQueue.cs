using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Courier.Core.Queue;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>
/// The artifacts queue: its definition (API state names) and the request rule. One item per project, folder and
/// fingerprint of the media listing, so a request for an archive that is PENDING, GENERATING, or READY and unchanged returns
/// that item and generates nothing twice; a changed listing is a new fingerprint, hence a new archive. A FAILED one is re-driven.
/// </summary>
public sealed class ArtifactsQueue(WorkQueue queue, IMediaSource media)
{
    public const string Name = "artifacts";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>How the artifacts API names each state (spec §5.2); a retry waits as PENDING.</summary>
    public static IReadOnlyDictionary<QueueState, string> StateNames { get; } = new Dictionary<QueueState, string>
    {
        [QueueState.Queued] = "PENDING",
        [QueueState.Processing] = "GENERATING",
        [QueueState.Retry] = "PENDING",
        [QueueState.Completed] = "READY",
        [QueueState.Failed] = "FAILED",
        [QueueState.Unknown] = "FAILED",
    };

    public static QueueDefinition Definition(int maxAttempts) => new(Name, ArtifactsProcessor.JobName, maxAttempts, StateNames);

    /// <summary>The artifact id: "a" and 32 hex characters of SHA-256 over project, folder and fingerprint (safe in URLs and table keys).</summary>
    public static string IdOf(string projectId, string prefix, string fingerprint)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{projectId.Length}:{projectId}|{prefix.Length}:{prefix}|{fingerprint}"));
        return "a" + Convert.ToHexStringLower(bytes)[..32];
    }

    /// <summary>
    /// Lists the selected media, fingerprints it and queues its archive, unless an archive of the same listing exists:
    /// PENDING, GENERATING or READY answer as they are; FAILED is re-driven to PENDING. An unknown project (nothing stored
    /// under <c>{projectId}/</c>) stores nothing.
    /// </summary>
    public async Task<ArtifactRequestResult> RequestAsync(string projectId, string prefix, CancellationToken cancellationToken = default)
    {
        if (!await media.AnyAsync(projectId + "/", cancellationToken).ConfigureAwait(false)) return ArtifactRequestResult.UnknownProject;
        var (fingerprint, count, bytes) = await MediaFingerprint.OfAsync(media.ListAsync(projectId + "/" + prefix, cancellationToken), cancellationToken).ConfigureAwait(false);
        var payload = new ArtifactPayload(projectId, prefix, fingerprint, count, bytes);
        var id = IdOf(projectId, prefix, fingerprint);
        var enqueued = await queue.EnqueueAsync(Name, id, JsonSerializer.Serialize(payload, Json), projectId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (enqueued.Created) return new ArtifactRequestResult(enqueued.Item, true);
        if (enqueued.Item.State is not (QueueState.Failed or QueueState.Unknown)) return new ArtifactRequestResult(enqueued.Item, false);

        // Asked again after it failed: try again, with a fresh attempt budget (a re-drive); a lost race leaves what the winner wrote.
        var redrive = QueueTransitions.Redrive(enqueued.Item, queue.Time.GetUtcNow());
        var written = await queue.ApplyAsync([new ItemTransition(enqueued.Item, redrive.Next!)], cancellationToken).ConfigureAwait(false);
        return written[0].Applied
            ? new ArtifactRequestResult(written[0].Item, true)
            : new ArtifactRequestResult(await queue.GetAsync(Name, id, cancellationToken).ConfigureAwait(false) ?? enqueued.Item, false);
    }

    public Task<QueueItem?> GetAsync(string artifactId, CancellationToken cancellationToken = default) =>
        queue.GetAsync(Name, artifactId, cancellationToken);

    /// <summary>The stored request of <paramref name="item"/>.</summary>
    public static ArtifactPayload PayloadOf(QueueItem item) =>
        JsonSerializer.Deserialize<ArtifactPayload>(item.Payload, Json) ?? throw new InvalidOperationException($"artifact {item.Id} has an empty payload");

    /// <summary>The archive of a READY <paramref name="item"/>, or null.</summary>
    public static ArtifactArchive? ArchiveOf(QueueItem item) =>
        item.State == QueueState.Completed && item.Result is { } result ? JsonSerializer.Deserialize<ArtifactArchive>(result, Json) : null;
}
