namespace Courier.Core.Circuits;

/// <summary>States of a persisted circuit (spec §4), stored as their upper-case names.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
