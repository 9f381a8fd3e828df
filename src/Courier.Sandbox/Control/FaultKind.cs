namespace Courier.Sandbox.Control;

/// <summary>What an injected fault does to a call.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultSpec.Status"/>, <see cref="FaultSpec.Body"/> and <see cref="FaultSpec.Headers"/>.</summary>
    Status,

    /// <summary>Wait <see cref="FaultSpec.Delay"/>, then handle the call normally.</summary>
    Latency,

    /// <summary>Hold the call for <see cref="FaultSpec.Delay"/> (default 5 min) or until the client gives up, then abort the connection.</summary>
    Timeout,

    /// <summary>Abort the connection at once, with no response.</summary>
    Drop,
}
