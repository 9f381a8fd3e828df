namespace Courier.Core.Circuits;

/// <summary>What the gate allows a run to send for one circuit.</summary>
/// <param name="Key">The circuit.</param>
/// <param name="MaxCalls">Items that may be sent: unlimited (null) when closed, <c>probe_limit</c> when probing, 0 when gated.</param>
/// <param name="Probing">True when this run holds the half-open probe.</param>
/// <param name="GatedUntil">When gated: the probe time; rows go to this plus a little jitter.</param>
public sealed record CircuitPermit(CircuitKey Key, int? MaxCalls, bool Probing, DateTimeOffset? GatedUntil)
{
    /// <summary>The token that identifies this run's probe in the stored row.</summary>
    public string? ProbeOwner { get; init; }

    /// <summary>When gated: what the gated rows' <c>last_error</c> says (<c>CIRCUIT_OPEN</c>, or a held circuit's reason and message).</summary>
    public string? Reason { get; init; }

    public bool Allowed => MaxCalls is null or > 0;

    public static CircuitPermit Closed(CircuitKey key) => new(key, null, false, null);

    public static CircuitPermit Probe(CircuitKey key, int limit) => new(key, limit, true, null);

    public static CircuitPermit Gated(CircuitKey key, DateTimeOffset until) => new(key, 0, false, until) { Reason = OpenReason };

    /// <summary>The <c>last_error</c> of a row gated by an open (or isolated) circuit.</summary>
    public const string OpenReason = "CIRCUIT_OPEN";
}
