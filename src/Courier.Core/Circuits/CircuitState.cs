namespace Courier.Core.Circuits;

/// <summary>States of a persisted circuit (spec §4 and docs/design.md), stored as their upper-case names.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,

    /// <summary>
    /// Held for a reason about the account or Courier's setup (credentials rejected, API version unsupported): no calls and
    /// no probes until new credentials, another API version or an operator releases it.
    /// </summary>
    Held,
}
