namespace Courier.Sandbox.Control;

/// <summary>In-memory state that <c>POST /_sandbox/reset</c> wipes: provider data, ledgers, fault rules.</summary>
public interface ISandboxState
{
    void Reset();
}
