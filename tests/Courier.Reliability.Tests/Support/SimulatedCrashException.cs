namespace Courier.Reliability.Tests.Support;

/// <summary>Thrown by the crash harness out of a storage request or provider call: the process "died" at that point.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base("simulated crash at " + message)
    {
    }

    public SimulatedCrashException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
