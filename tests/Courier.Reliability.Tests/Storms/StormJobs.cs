namespace Courier.Reliability.Tests.Storms;

/// <summary>The jobs a storm runs, by name.</summary>
public static class StormJobs
{
    public static IReadOnlyList<string> Names { get; } = ["conversions", "social"];

    public static StormJob Create(string name) => name switch
    {
        "conversions" => new ConversionsStorm(),
        "social" => new SocialStorm(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
