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

    /// <summary>While <see cref="CircuitState.Held"/>: the reason code (for example <c>CREDENTIALS_REJECTED</c>).</summary>
    public string? HoldReason { get; init; }

    /// <summary>While held: a readable, secret-free account of what failed.</summary>
    public string? HoldMessage { get; init; }

    /// <summary>While held because the API version itself was refused: that version; a run under another one releases the hold.</summary>
    public string? HoldApiVersion { get; init; }

    /// <summary>Opaque concurrency token from the store; null for a row not yet stored.</summary>
    public string? Version { get; init; }

    public static CircuitRecord ClosedFor(CircuitKey key, int probeLimit) => new() { Key = key, ProbeLimit = probeLimit };
}
