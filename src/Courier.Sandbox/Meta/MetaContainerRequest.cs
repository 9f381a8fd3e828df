namespace Courier.Sandbox.Meta;

/// <summary>
/// Body of <c>POST /_sandbox/meta/containers/{id}</c>: force a container's <c>status_code</c> (<c>ERROR</c>, <c>EXPIRED</c>,
/// <c>FINISHED</c>, <c>IN_PROGRESS</c>), optionally with the <c>status</c> text Meta gives an ERROR, or set how many more
/// reads answer IN_PROGRESS.
/// </summary>
public sealed record MetaContainerRequest(string? StatusCode, string? Status, int? PollsInProgress);
