namespace Courier.Hosting.Hosting;

/// <summary>Which host serves this process, as the status report names it ("functions" or "standalone").</summary>
/// <param name="Mode">The host's name.</param>
public sealed record HostInfo(string Mode);
