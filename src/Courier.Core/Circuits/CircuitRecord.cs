namespace Courier.Core.Circuits;

/// <summary>A circuit's persisted state: one row per (site, provider) in <c>ProviderHealth</c>.</summary>
public sealed record CircuitRecord
{
    public required CircuitKey Key { get; init; }

    public CircuitState State { get; init; } = CircuitState.Closed;

    /// <summary>Transient failures in a row while closed.</summary>
    public int FailureCount { get; init; }

    public DateTimeOffset? NextProbeAt { get; init; }

    public int ProbeLimit { get; init; } = 5;

    /// <summary>How many times the circuit has opened, ever.</summary>
    public int OpenCount { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The instance allowed to probe while half-open, and until when.</summary>
    public string? ProbeOwner { get; init; }

    public DateTimeOffset? ProbeUntil { get; init; }

    /// <summary>Held open by an operator: no calls, no probes, until released.</summary>
    public bool Isolated { get; init; }

    /// <summary>Opaque concurrency token from the store; null for a row not yet stored.</summary>
    public string? Version { get; init; }

    public static CircuitRecord ClosedFor(CircuitKey key, int probeLimit) => new() { Key = key, ProbeLimit = probeLimit };
}
