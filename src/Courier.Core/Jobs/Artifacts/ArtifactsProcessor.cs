using System.Text.Json;
using Courier.Core.Errors;
using Courier.Core.Queue;
using Courier.Core.Retry;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>
/// Job 2, <c>artifact-worker</c>: takes PENDING archives one at a time (GENERATING under a lease that a heartbeat extends),
/// streams the selected media into a ZIP written to an attempt-specific blob that is committed only once complete, and
/// records READY with that blob, or a retry, or FAILED with the reason after <see cref="ArtifactsOptions.MaxAttempts"/>.
/// A GENERATING archive whose lease expired (its worker died) is reset by the shared drain before claiming; that counts
/// as an attempt too.
/// </summary>
/// <remarks>
/// Storage failures surface as <see cref="ProviderException"/> from the ports and become a retry. Anything else (a bug, a
/// broken stream) leaves the archive GENERATING under its lease and fails the run: recovery resets it when the lease expires.
/// Either way the uncommitted archive is never visible, so nothing partial can be READY.
/// </remarks>
public sealed partial class ArtifactsProcessor : IJob
{
    public const string JobName = "artifact-worker";

    private readonly QueueDrainer<ArtifactPayload> _drainer;
    private readonly IArchiveStore _archives;
    private readonly IMediaSource _media;
    private readonly ArchiveWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger<ArtifactsProcessor> _logger;
    private readonly int _maxPerRun;
    private readonly TimeSpan _heartbeatEvery;

    public ArtifactsProcessor(IQueueStore store, IMediaSource media, IArchiveStore archives, ArtifactsOptions options, TimeProvider time, Random random, ILogger<ArtifactsProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _media = media ?? throw new ArgumentNullException(nameof(media));
        _archives = archives ?? throw new ArgumentNullException(nameof(archives));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        // Options are copied once; a run never re-reads them.
        _maxPerRun = options.MaxPerRun;
        _heartbeatEvery = options.HeartbeatEvery;
        _writer = new ArchiveWriter(media, options.StoredExtensions.ToList());
        var settings = new QueueDrainSettings(ArtifactsQueue.Name)
        {
            // One at a time: an archive can take minutes, and a claimed item waiting its turn would have no heartbeat.
            BatchSize = 1,
            LeaseFor = options.LeaseFor,
            MaxAttempts = options.MaxAttempts,
        };
        _drainer = new QueueDrainer<ArtifactPayload>(store, time, new ExponentialJitterRetryPolicy(options.RetryBaseDelay, options.RetryMaxDelay, random), settings, ArtifactsQueue.Json);
    }

    public string Name => JobName;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var drained = await _drainer.DrainEachAsync(context.Budget, context.RunId, _maxPerRun, GenerateAsync, cancellationToken).ConfigureAwait(false);
        var result = new ArtifactsResult(true, drained.Processed, drained.Recovered)
        {
            Ready = drained.Completed,
            Failed = drained.Failed,
            Retried = drained.Retried,
            Deferred = drained.Deferred,
        };
        LogRunSucceeded(_logger, result.Processed, result.Recovered, result.Ready, result.Failed, result.Retried, result.Deferred);
        return new JobReport(drained.ToCounts(), result);
    }

    /// <summary>The blob an attempt writes: one per claim (lease token), so a late writer of an earlier attempt can never overwrite the archive another attempt committed.</summary>
    public static string BlobNameOf(QueueItem item) => $"{item.Id}/{item.LeaseToken}.zip";

    private async Task<ItemOutcome> GenerateAsync(ClaimedItem<ArtifactPayload> item, CancellationToken cancellationToken)
    {
        var payload = item.Payload;
        var blob = BlobNameOf(item.Item);
        LogGenerating(_logger, item.Id, payload.ProjectId, payload.Prefix, item.Attempt);
        var heartbeat = LeaseHeartbeat.Start(item.HeartbeatAsync, _heartbeatEvery, _time, cancellationToken);
        try
        {
            var work = heartbeat.Token;
            var upload = await _archives.BeginAsync(blob, work).ConfigureAwait(false);
            await using (upload.ConfigureAwait(false))
            {
                var written = await _writer.WriteAsync(payload.ProjectId, _media.ListAsync(payload.MediaPrefix, work), upload.Stream, work).ConfigureAwait(false);
                var size = await upload.CommitAsync(work).ConfigureAwait(false);
                var archive = new ArtifactArchive(blob, written.Entries, size, written.SourceBytes, written.Fingerprint, _time.GetUtcNow());
                LogGenerated(_logger, item.Id, written.Entries, size, written.SourceBytes);
                return ItemOutcome.Completed(JsonSerializer.Serialize(archive, ArtifactsQueue.Json));
            }
        }
        catch (OperationCanceledException) when (heartbeat.Lost && !cancellationToken.IsCancellationRequested)
        {
            // Another worker reset it (this one was too slow to beat): stop; the acknowledgement will be refused as lost.
            LogLeaseLost(_logger, item.Id);
            return ItemOutcome.Retry(ProviderError.Transient("LEASE_LOST", "the archive's lease was lost while generating"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: hand the archive back untouched (no attempt counted); nothing was committed.
            return ItemOutcome.Released();
        }
        catch (ProviderException ex)
        {
            LogAttemptFailed(_logger, item.Id, item.Attempt, ex.Error.Code, ex.Error.Message);
            throw;
        }
        finally
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2101, EventName = "artifact_worker_cron_success", Level = LogLevel.Information, Message = "artifact_worker_cron_success: processed {Processed}, recovered {Recovered}, ready {Ready}, failed {Failed}, retried {Retried}, deferred {Deferred}")]
    private static partial void LogRunSucceeded(ILogger logger, int processed, int recovered, int ready, int failed, int retried, int deferred);

    [LoggerMessage(EventId = 2102, EventName = "artifact_generating", Level = LogLevel.Information, Message = "Artifact {ArtifactId}: generating project {ProjectId} folder '{Prefix}' (attempt {Attempt})")]
    private static partial void LogGenerating(ILogger logger, string artifactId, string projectId, string prefix, int attempt);

    [LoggerMessage(EventId = 2103, EventName = "artifact_ready", Level = LogLevel.Information, Message = "Artifact {ArtifactId}: READY, {Entries} entries, {SizeBytes} bytes from {SourceBytes} bytes of media")]
    private static partial void LogGenerated(ILogger logger, string artifactId, int entries, long sizeBytes, long sourceBytes);

    [LoggerMessage(EventId = 2104, EventName = "artifact_lease_lost", Level = LogLevel.Warning, Message = "Artifact {ArtifactId}: lease lost while generating; stopped")]
    private static partial void LogLeaseLost(ILogger logger, string artifactId);

    [LoggerMessage(EventId = 2105, EventName = "artifact_attempt_failed", Level = LogLevel.Warning, Message = "Artifact {ArtifactId}: attempt {Attempt} failed: {Code}: {Message}")]
    private static partial void LogAttemptFailed(ILogger logger, string artifactId, int attempt, string code, string message);
}
