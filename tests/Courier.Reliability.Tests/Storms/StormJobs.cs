namespace Courier.Reliability.Tests.Storms;

/// <summary>The jobs a storm runs, by name.</summary>
public static class StormJobs
{
    public static IReadOnlyList<string> Names { get; } = ["conversions", "social", "write-back", "partner-delivery/airtable", "partner-delivery/drive"];

    public static StormJob Create(string name) => name switch
    {
        "conversions" => new ConversionsStorm(),
        "social" => new SocialStorm(),
        "write-back" => new WriteBackStorm(),
        "partner-delivery/airtable" => new PartnerDeliveryStorm("airtable"),
        "partner-delivery/drive" => new PartnerDeliveryStorm("drive"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
