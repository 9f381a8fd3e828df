namespace Courier.TestUtils.Jobs;

/// <summary>The body <see cref="EchoJob"/> reports.</summary>
public sealed record EchoReport(bool Ok, string Job, string Trigger, IReadOnlyDictionary<string, string> Parameters);
