namespace Courier.Core.Circuits;

/// <summary>How one provider call went, as the circuit counts it.</summary>
public enum CallOutcome
{
    Success,

    /// <summary>Counts towards opening.</summary>
    TransientFailure,

    /// <summary>A validation or row error: neither counts nor opens.</summary>
    PermanentFailure,
}
