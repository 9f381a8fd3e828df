using Courier.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Courier.Core.Jobs.Social;

/// <summary>Named log events of the social job; none takes a token or a post's text.</summary>
internal static partial class SocialLog
{
    [LoggerMessage(EventId = 6001, EventName = "social_posted", Level = LogLevel.Information, Message = "Post {PostId} published on {Platform} as {ProviderPostId} (reconciled: {Reconciled})")]
    public static partial void Posted(ILogger logger, string postId, SocialPlatform platform, string providerPostId, bool reconciled);

    [LoggerMessage(EventId = 6002, EventName = "social_simulated", Level = LogLevel.Information, Message = "Post {PostId} has no connection: simulated publish on {Platform}")]
    public static partial void Simulated(ILogger logger, string postId, SocialPlatform platform);

    [LoggerMessage(EventId = 6003, EventName = "social_publish_failed", Level = LogLevel.Warning, Message = "Post {PostId} (connection {ConnectionId}) failed: {ErrorClass} {Code}: {Message}")]
    public static partial void PublishFailed(ILogger logger, string postId, string? connectionId, ErrorClass errorClass, string code, string message);

    [LoggerMessage(EventId = 6004, EventName = "social_container_in_progress", Level = LogLevel.Debug, Message = "Post {PostId}: container {ContainerId} still in progress; a later run publishes it")]
    public static partial void ContainerInProgress(ILogger logger, string postId, string containerId);

    [LoggerMessage(EventId = 6005, EventName = "social_connection_gated", Level = LogLevel.Warning, Message = "Connection {ConnectionId} gated: post {PostId} postponed until after {ProbeAt} ({Reason})")]
    public static partial void Gated(ILogger logger, string connectionId, string postId, DateTimeOffset? probeAt, string? reason);

    [LoggerMessage(EventId = 6006, EventName = "social_reconcile_failed", Level = LogLevel.Warning, Message = "Post {PostId}: reconciliation call failed: {Code}: {Message}")]
    public static partial void ReconcileFailed(ILogger logger, string postId, string code, string message);

    [LoggerMessage(EventId = 6007, EventName = "social_outcome_unknown", Level = LogLevel.Error, Message = "Post {PostId}: publish unconfirmed and no post with marker {Marker} found; left Unknown for an operator")]
    public static partial void Unknown(ILogger logger, string postId, string marker);
}
