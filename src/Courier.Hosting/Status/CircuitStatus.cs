namespace Courier.Hosting.Status;

/// <summary>A circuit as the status report shows it; state as stored (CLOSED, OPEN, HALF_OPEN).</summary>
public sealed record CircuitStatus(
    string SiteId,
    string ProviderKey,
    string State,
    int FailureCount,
    DateTimeOffset? NextProbeAt,
    int OpenCount,
    bool Isolated,
    DateTimeOffset UpdatedAt);
