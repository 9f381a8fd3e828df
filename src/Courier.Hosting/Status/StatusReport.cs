namespace Courier.Hosting.Status;

/// <summary>The body of <c>GET /api/status</c>, also rendered by <c>GET /status</c>.</summary>
public sealed record StatusReport(
    DateTimeOffset GeneratedAt,
    string Mode,
    string Instance,
    string TimeZone,
    IReadOnlyList<JobStatus> Jobs,
    IReadOnlyList<CircuitStatus> Circuits,
    string? CircuitsError);
