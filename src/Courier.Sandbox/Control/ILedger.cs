namespace Courier.Sandbox.Control;

/// <summary>A named, append-only record of calls a provider stand-in received, readable through <c>GET /_sandbox/ledgers/{name}</c>.</summary>
public interface ILedger : ISandboxState
{
    string Name { get; }

    int Count { get; }

    IReadOnlyList<object> Entries();
}
