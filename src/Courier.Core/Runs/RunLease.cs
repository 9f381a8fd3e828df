namespace Courier.Core.Runs;

/// <summary>The per-job lock a run holds while it runs: who holds it and until when.</summary>
public sealed record RunLease(string Job, string RunId, DateTimeOffset Until, string? Version);
