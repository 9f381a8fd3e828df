namespace Courier.Hosting.Status;

/// <summary>A job's twin as the status report shows it.</summary>
public sealed record TwinStatus(string Name, IReadOnlyList<string> Methods, string Route, bool Enabled);
