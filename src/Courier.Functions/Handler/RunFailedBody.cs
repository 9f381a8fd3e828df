namespace Courier.Functions.Handler;

/// <summary>The ReturnValue of a failed timer run.</summary>
public sealed record RunFailedBody(string RunId, string? Error)
{
    public bool Ok => false;
}
