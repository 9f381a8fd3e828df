using Courier.Sandbox.Control;

namespace Courier.Reliability.Tests.Storms;

/// <summary>
/// A fault kind injected at 20 % of a job's provider calls (seeded, so a run repeats), plus one certain hit on the first
/// call so every storm meets its fault at least once.
/// </summary>
public sealed record StormFault(string Name, Func<string, string, FaultSpec[]> Rules)
{
    public const int RetryAfterSeconds = 120;

    public static IReadOnlyList<StormFault> All { get; } =
    [
        new("429 Retry-After 120 s", (route, path) => Twice(new FaultSpec { Route = route, PathContains = path, Status = 429, Headers = new() { ["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } })),
        new("500/503", (route, path) =>
        [
            new FaultSpec { Route = route, PathContains = path, Status = 503, Count = 1 },
            new FaultSpec { Route = route, PathContains = path, Status = 500, Rate = 0.1, Seed = 5 },
            new FaultSpec { Route = route, PathContains = path, Status = 503, Rate = 0.11, Seed = 6 },
        ]),
        new("timeout after the call took effect", (route, path) => Twice(new FaultSpec { Route = route, PathContains = path, Kind = FaultKind.Timeout, Delay = TimeSpan.FromMilliseconds(300), Phase = FaultPhase.After })),
        new("malformed JSON answer after the call took effect", (route, path) => Twice(new FaultSpec { Route = route, PathContains = path, Status = 200, RawBody = "{\"results\": [{\"id\": ", Phase = FaultPhase.After })),
    ];

    public static StormFault Named(string name) => All.Single(f => f.Name == name);

    /// <summary>The rule once for the first call, then at 20 %.</summary>
    private static FaultSpec[] Twice(FaultSpec rule) => [rule with { Count = 1 }, rule with { Rate = 0.2, Seed = 14 }];
}
