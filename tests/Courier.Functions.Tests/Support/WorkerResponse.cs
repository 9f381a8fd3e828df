namespace Courier.Functions.Tests.Support;

/// <summary>What an HTTP function invocation wrote: status, headers and body.</summary>
public sealed record WorkerResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
