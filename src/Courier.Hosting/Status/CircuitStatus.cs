using Courier.Core.Circuits;

namespace Courier.Hosting.Status;

/// <summary>A circuit as the status report shows it; state as stored (CLOSED, OPEN, HALF_OPEN, HELD), with a held circuit's reason.</summary>
public sealed record CircuitStatus(
    string SiteId,
    string ProviderKey,
    string State,
    int FailureCount,
    DateTimeOffset? NextProbeAt,
    int OpenCount,
    bool Isolated,
    DateTimeOffset UpdatedAt,
    string? HoldReason,
    string? HoldMessage,
    string? HoldApiVersion)
{
    public static CircuitStatus From(CircuitRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Key.SiteId,
            c.Key.ProviderKey,
            c.State switch { CircuitState.HalfOpen => "HALF_OPEN", _ => c.State.ToString().ToUpperInvariant() },
            c.FailureCount,
            c.NextProbeAt,
            c.OpenCount,
            c.Isolated,
            c.UpdatedAt,
            c.HoldReason,
            c.HoldMessage,
            c.HoldApiVersion);
    }
}
