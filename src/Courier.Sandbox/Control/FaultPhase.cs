namespace Courier.Sandbox.Control;

/// <summary>Whether a fault replaces the call's effect or only its response.</summary>
public enum FaultPhase
{
    /// <summary>The call has no effect: nothing is stored, nothing is accepted.</summary>
    Before,

    /// <summary>The call takes effect (state changes, ledger shows accepted rows) but the client sees the fault: the "lost response" case.</summary>
    After,
}
