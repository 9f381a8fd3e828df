namespace Courier.Functions.Handler;

/// <summary>Marks the custom-handler protocol endpoints, which the Functions host calls directly and which are not catalog routes.</summary>
public sealed class HostProtocolEndpoint
{
    public static HostProtocolEndpoint Instance { get; } = new();

    private HostProtocolEndpoint()
    {
    }
}
