using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Metrics;
using Courier.Core.Queue;
using Courier.Core.Retry;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.Social;

/// <summary>
/// Job 6, <c>social-auto-poster-runner</c>: claims posts whose scheduled time has come (at most 50 a run), gates each
/// connection through its circuit, decrypts the connection's token for the call only and publishes: Facebook text to the
/// feed or a photo; Instagram through a container that a later run publishes once FINISHED (never waited on in a run).
/// Every attempt writes a <see cref="SocialDeliveryAttempt"/>. A publish whose answer was lost is reconciled by the post's
/// marker (or the container's status) and goes to Unknown only when that fails, so a post is never published twice.
/// </summary>
public sealed class SocialProcessor : IJob
{
    public const string JobName = "social-auto-poster-runner";

    /// <summary>Last-error codes the job sets itself.</summary>
    public const string NoConnection = "NO_CONNECTION";
    public const string ConnectionUnavailable = "CONNECTION_UNAVAILABLE";
    public const string ContainerInProgress = "CONTAINER_IN_PROGRESS";
    public const string ContainerFailed = "CONTAINER_ERROR";
    public const string PublishUnconfirmed = "PUBLISH_UNCONFIRMED";

    private readonly QueueDrainer<SocialPostPayload> _drainer;
    private readonly CircuitBreaker _circuits;
    private readonly ProviderCredentialsService _credentials;
    private readonly ISocialPublisher _publisher;
    private readonly ISocialAttemptStore _attempts;
    private readonly IProviderMetricsStore _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SocialProcessor> _logger;
    private readonly int _runLimit;
    private readonly bool _simulate;
    private readonly TimeSpan _containerPollDelay;
    private readonly int _slowDownAt;

    public SocialProcessor(
        IQueueStore store,
        CircuitBreaker circuits,
        ProviderCredentialsService credentials,
        ISocialPublisher publisher,
        ISocialAttemptStore attempts,
        IProviderMetricsStore metrics,
        SocialOptions options,
        TimeProvider time,
        ILogger<SocialProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _circuits = circuits;
        _credentials = credentials;
        _publisher = publisher;
        _attempts = attempts;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        // Options are copied once; a run never re-reads them.
        _runLimit = options.RunLimit;
        _simulate = options.SimulateWithoutConnection ?? false;
        _containerPollDelay = options.ContainerPollDelay;
        _slowDownAt = options.SlowDownAtUsagePercent;
        var settings = new QueueDrainSettings(SocialQueue.Name) { BatchSize = Math.Min(options.RunLimit, 100), LeaseFor = options.LeaseFor, MaxAttempts = options.MaxAttempts };
        _drainer = new QueueDrainer<SocialPostPayload>(store, time, new StepRetryPolicy(SocialOptions.RetrySteps), settings, SocialQueue.Json);
    }

    public string Name => JobName;

    public async Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = new Dictionary<string, SocialConnectionRun>(StringComparer.Ordinal);
        var drained = await _drainer.DrainEachAsync(context.Budget, context.RunId, _runLimit, (item, ct) => HandleAsync(run, item, ct), cancellationToken).ConfigureAwait(false);

        // Circuits and counters are written once per run and connection, not per post.
        foreach (var connection in run.Values)
        {
            if (connection.Permit is { } permit) await _circuits.RecordAsync(permit, connection.Calls, CancellationToken.None).ConfigureAwait(false);
            if (!connection.Metrics.IsEmpty) await _metrics.AddAsync(connection.Key, connection.Metrics, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        var released = run.Values.Sum(c => c.Released);
        var result = new SocialResult(true, drained.Processed - released, drained.Completed, drained.Failed, drained.Retried + drained.Postponed - released, drained.Unknown, drained.Deferred);
        return new JobReport(drained.ToCounts(), result);
    }

    private async Task<ItemOutcome> HandleAsync(Dictionary<string, SocialConnectionRun> run, ClaimedItem<SocialPostPayload> item, CancellationToken cancellationToken)
    {
        var post = item.Payload;
        if (post.ConnectionId is not { } connectionId) return await WithoutConnectionAsync(item, cancellationToken).ConfigureAwait(false);

        if (!run.TryGetValue(connectionId, out var connection)) run[connectionId] = connection = new SocialConnectionRun(new CircuitKey(connectionId, _publisher.ProviderKey));
        connection.Permit ??= await _circuits.AcquireAsync(connection.Key, null, cancellationToken).ConfigureAwait(false);
        var permit = connection.Permit;
        if (!permit.Allowed)
        {
            SocialLog.Gated(_logger, connectionId, item.Id, permit.GatedUntil, permit.Reason);
            return ItemOutcome.Postponed(_circuits.GatedRetryAt(permit), permit.Reason ?? CircuitPermit.OpenReason);
        }

        // Near Meta's limit, or at a probe's limit: the connection's other posts stay due, untouched, for a later run.
        if (connection.UsagePercent >= _slowDownAt || (permit.MaxCalls is { } max && connection.Sent >= max))
        {
            connection.Released++;
            return ItemOutcome.Released();
        }

        SiteCredentials credentials;
        try
        {
            credentials = connection.Credentials ??= await _credentials.GetAsync(connectionId, _publisher.ProviderKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialsUnavailableException ex)
        {
            var reason = $"{ConnectionUnavailable}: {ex.Message}";
            await RecordAsync(item, "failed", null, null, ConnectionUnavailable, ex.Message, cancellationToken).ConfigureAwait(false);
            return ItemOutcome.Failed(reason);
        }

        connection.Sent++;
        if (post.Platform == SocialPlatform.Instagram) return await PublishInstagramAsync(connection, credentials, item, cancellationToken).ConfigureAwait(false);
        try
        {
            return await PublishFacebookAsync(connection, credentials, item, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            return await FailedAsync(connection, credentials, item, null, ex.Error, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ItemOutcome> WithoutConnectionAsync(ClaimedItem<SocialPostPayload> item, CancellationToken cancellationToken)
    {
        if (!_simulate)
        {
            await RecordAsync(item, "failed", null, null, NoConnection, "the post has no connection and simulation is off", cancellationToken).ConfigureAwait(false);
            return ItemOutcome.Failed($"{NoConnection}: the post has no connection and simulation is off (Social:SimulateWithoutConnection)");
        }

        var postId = "simulated-" + item.Id;
        SocialLog.Simulated(_logger, item.Id, item.Payload.Platform);
        await RecordAsync(item, "simulated", postId, null, null, null, cancellationToken, simulated: true).ConfigureAwait(false);
        return ItemOutcome.Completed(Result(item.Payload.Platform, postId, null, simulated: true));
    }

    private async Task<ItemOutcome> PublishFacebookAsync(SocialConnectionRun connection, SiteCredentials credentials, ClaimedItem<SocialPostPayload> item, CancellationToken cancellationToken)
    {
        var post = item.Payload;
        var marker = SocialMarker.Of(post.PostId);
        if (item.MayHaveActedBefore)
        {
            // An earlier attempt may have published and died before recording it (a rescued lease, an interrupted call):
            // look for the post's marker before sending again, so a crash between the post and its acknowledgement never posts twice.
            var earlier = await _publisher.FindPublishedAsync(credentials, post.Platform, marker, cancellationToken).ConfigureAwait(false);
            if (earlier is not null) return await PostedAsync(connection, item, earlier, reconciled: true, cancellationToken).ConfigureAwait(false);
        }

        var text = SocialMarker.Apply(post.Content, marker);
        var published = await _publisher.PublishFacebookAsync(credentials, text, post.ImageUrl, cancellationToken).ConfigureAwait(false);
        return await PostedAsync(connection, item, published, reconciled: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Container first (kept in the item, so it is made once), then its status: IN_PROGRESS → postponed for a later run;
    /// FINISHED → published; PUBLISHED (an earlier publish whose answer was lost) → reconciled; ERROR → failed; EXPIRED → a new container.
    /// </summary>
    private async Task<ItemOutcome> PublishInstagramAsync(
        SocialConnectionRun connection, SiteCredentials credentials, ClaimedItem<SocialPostPayload> item, CancellationToken cancellationToken)
    {
        var post = item.Payload;
        var checkpoint = SocialCheckpoint.Read(item.Item.Result);
        try
        {
            if (checkpoint.ContainerId is null)
            {
                var caption = SocialMarker.Apply(post.Content, SocialMarker.Of(post.PostId));
                checkpoint = new SocialCheckpoint(await _publisher.CreateInstagramContainerAsync(credentials, post.ImageUrl!, caption, cancellationToken).ConfigureAwait(false));
            }

            var containerId = checkpoint.ContainerId!;
            var state = await _publisher.GetInstagramContainerAsync(credentials, containerId, cancellationToken).ConfigureAwait(false);
            connection.Observe(state.UsagePercent);
            switch (state.Status)
            {
                case SocialContainerStatus.InProgress:
                    SocialLog.ContainerInProgress(_logger, item.Id, containerId);
                    await RecordAsync(item, "waiting", containerId, null, ContainerInProgress, "the media container is still being processed", cancellationToken).ConfigureAwait(false);
                    return ItemOutcome.Postponed(_time.GetUtcNow() + _containerPollDelay, ContainerInProgress).WithCheckpoint(checkpoint.ToJson());

                case SocialContainerStatus.Published:
                    return await ReconcileAsync(connection, credentials, item, checkpoint, null, cancellationToken).ConfigureAwait(false);

                case SocialContainerStatus.Error:
                    var detail = $"the media container failed: {state.Detail ?? "ERROR"}";
                    connection.Count(new ProviderMetricsDelta(1, 0, 1, 0));
                    await RecordAsync(item, "failed", containerId, null, ContainerFailed, detail, cancellationToken).ConfigureAwait(false);
                    return ItemOutcome.Failed($"{ContainerFailed}: {detail}");

                case SocialContainerStatus.Expired:
                    // Unpublished for 24 h, so nothing went out: the next attempt makes a new container.
                    var expired = ProviderError.Transient("CONTAINER_EXPIRED", "the media container expired before it was published");
                    return await FailedAsync(connection, credentials, item, new SocialCheckpoint((string?)null), expired, cancellationToken).ConfigureAwait(false);
            }

            var published = await _publisher.PublishInstagramAsync(credentials, containerId, cancellationToken).ConfigureAwait(false);
            return await PostedAsync(connection, item, published, reconciled: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            // The checkpoint rides along, so the retry resumes at the container instead of making another.
            return await FailedAsync(connection, credentials, item, checkpoint, ex.Error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="checkpoint">Instagram: the container to resume at (written even when empty, to drop an expired one); null for Facebook.</param>
    private async Task<ItemOutcome> FailedAsync(
        SocialConnectionRun connection, SiteCredentials credentials, ClaimedItem<SocialPostPayload> item, SocialCheckpoint? checkpoint, ProviderError error, CancellationToken cancellationToken)
    {
        var post = item.Payload;
        // A lost answer to a container creation published nothing (an orphan container expires on its own): retry it.
        if (error.Class == ErrorClass.UnknownOutcome && post.Platform == SocialPlatform.Instagram && checkpoint?.ContainerId is null)
            error = error with { Class = ErrorClass.Transient };
        SocialLog.PublishFailed(_logger, item.Id, post.ConnectionId, error.Class, error.Code, error.Message);
        switch (error.Class)
        {
            case ErrorClass.Permanent:
                connection.Calls.Add(CallOutcome.PermanentFailure);
                connection.Count(new ProviderMetricsDelta(1, 0, 1, 0));
                await RecordAsync(item, "failed", checkpoint?.ContainerId, null, error.Code, error.Message, cancellationToken).ConfigureAwait(false);
                return ItemOutcome.Failed(error.ToString());

            case ErrorClass.RateLimited:
                // Waiting out a limit (Instagram's 24 h publishing allowance, a throttle) is not the post's failure: no attempt is counted.
                connection.UsagePercent = Math.Max(connection.UsagePercent, 100);
                var dueAt = _time.GetUtcNow() + (error.RetryAfter ?? SocialOptions.RetrySteps[0]);
                await RecordAsync(item, "waiting", checkpoint?.ContainerId, null, error.Code, error.Message, cancellationToken).ConfigureAwait(false);
                return WithCheckpoint(ItemOutcome.Postponed(dueAt, error.ToString()), checkpoint);

            case ErrorClass.UnknownOutcome:
                return await ReconcileAsync(connection, credentials, item, checkpoint, error, cancellationToken).ConfigureAwait(false);

            default:
                connection.Calls.Add(CallOutcome.TransientFailure);
                connection.Count(new ProviderMetricsDelta(1, 0, 0, 1));
                await RecordAsync(item, "retry", checkpoint?.ContainerId, null, error.Code, error.Message, cancellationToken).ConfigureAwait(false);
                return WithCheckpoint(ItemOutcome.Retry(error), checkpoint);
        }
    }

    /// <summary>
    /// The publish may have happened: look for the post's marker among the recent posts (Instagram: the container's status
    /// first). Found → completed as reconciled; an Instagram container still FINISHED → not published, safe to retry;
    /// otherwise Unknown for an operator, never a blind resend.
    /// </summary>
    private async Task<ItemOutcome> ReconcileAsync(
        SocialConnectionRun connection, SiteCredentials credentials, ClaimedItem<SocialPostPayload> item, SocialCheckpoint? checkpoint, ProviderError? lost, CancellationToken cancellationToken)
    {
        var post = item.Payload;
        var marker = SocialMarker.Of(post.PostId);
        try
        {
            if (post.Platform == SocialPlatform.Instagram && checkpoint?.ContainerId is { } containerId)
            {
                var state = await _publisher.GetInstagramContainerAsync(credentials, containerId, cancellationToken).ConfigureAwait(false);
                if (state.Status == SocialContainerStatus.Finished && lost is not null)
                {
                    var error = ProviderError.Transient(lost.Code, $"{lost.Message}; the container is still unpublished, so publishing again is safe");
                    connection.Calls.Add(CallOutcome.TransientFailure);
                    await RecordAsync(item, "retry", containerId, null, lost.Code, error.Message, cancellationToken).ConfigureAwait(false);
                    return ItemOutcome.Retry(error).WithCheckpoint(checkpoint!.ToJson());
                }

                if (state.Status == SocialContainerStatus.Published)
                {
                    var found = await _publisher.FindPublishedAsync(credentials, post.Platform, marker, cancellationToken).ConfigureAwait(false);
                    return await PostedAsync(connection, item, found ?? new SocialPublication(containerId, null), reconciled: true, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var found = await _publisher.FindPublishedAsync(credentials, post.Platform, marker, cancellationToken).ConfigureAwait(false);
                if (found is not null) return await PostedAsync(connection, item, found, reconciled: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ProviderException ex)
        {
            SocialLog.ReconcileFailed(_logger, item.Id, ex.Error.Code, ex.Error.Message);
        }

        var reason = $"{PublishUnconfirmed}: {lost?.ToString() ?? "the publish may have happened"}; no post with marker {marker} was found, so it is not sent again";
        SocialLog.Unknown(_logger, item.Id, marker);
        connection.Calls.Add(CallOutcome.TransientFailure);
        await RecordAsync(item, "unknown", checkpoint?.ContainerId, null, lost?.Code ?? PublishUnconfirmed, reason, cancellationToken).ConfigureAwait(false);
        return WithCheckpoint(ItemOutcome.Unknown(reason), checkpoint);
    }

    private async Task<ItemOutcome> PostedAsync(SocialConnectionRun connection, ClaimedItem<SocialPostPayload> item, SocialPublication published, bool reconciled, CancellationToken cancellationToken)
    {
        connection.Observe(published.UsagePercent);
        connection.Calls.Add(CallOutcome.Success);
        connection.Count(new ProviderMetricsDelta(1, 1, 0, 0));
        SocialLog.Posted(_logger, item.Id, item.Payload.Platform, published.PostId, reconciled);
        await RecordAsync(item, reconciled ? "reconciled" : "posted", published.PostId, published.Permalink, null, null, cancellationToken).ConfigureAwait(false);
        return ItemOutcome.Completed(Result(item.Payload.Platform, published.PostId, published.Permalink, simulated: false, reconciled));
    }

    private static ItemOutcome WithCheckpoint(ItemOutcome outcome, SocialCheckpoint? checkpoint) =>
        checkpoint is null ? outcome : outcome.WithCheckpoint(checkpoint.ToJson());

    private static string Result(SocialPlatform platform, string postId, string? permalink, bool simulated, bool reconciled = false) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["platform"] = platform == SocialPlatform.Facebook ? "facebook" : "instagram",
            ["postId"] = postId,
            ["permalink"] = permalink,
            ["simulated"] = simulated,
            ["reconciled"] = reconciled,
        });

    private async Task RecordAsync(
        ClaimedItem<SocialPostPayload> item, string outcome, string? providerPostId, string? permalink, string? errorCode, string? message, CancellationToken cancellationToken, bool simulated = false)
    {
        var post = item.Payload;
        await _attempts.AddAsync(
            new SocialDeliveryAttempt(post.PostId, item.Attempt, _time.GetUtcNow(), post.Platform, post.ConnectionId, outcome, providerPostId, permalink, errorCode, message, simulated),
            cancellationToken).ConfigureAwait(false);
    }
}
