using System.Text.Json.Nodes;

namespace Courier.Sandbox.Control;

/// <summary>A fault rule as posted to <c>POST /_sandbox/faults</c>.</summary>
public sealed record FaultSpec
{
    /// <summary>The route key the rule applies to, for example <c>ads.upload</c> or <c>oauth.token</c>.</summary>
    public required string Route { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Status;

    /// <summary>HTTP status for <see cref="FaultKind.Status"/> faults.</summary>
    public int Status { get; init; } = 503;

    /// <summary>Response body; when null the route's default error body for <see cref="Status"/> is used.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>Response text sent as is (Content-Type application/json), for answers that are not valid JSON; wins over <see cref="Body"/>.</summary>
    public string? RawBody { get; init; }

    /// <summary>Extra response headers, for example <c>Retry-After</c>.</summary>
    public Dictionary<string, string>? Headers { get; init; }

    /// <summary>Latency to add, or how long a timeout holds the call before aborting it.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Apply to the next N matching calls only; null means every call until cleared.</summary>
    public int? Count { get; init; }

    /// <summary>Probability (0..1) that a call is hit; null means always.</summary>
    public double? Rate { get; init; }

    /// <summary>Seed of the rule's own random source, so rate-based runs repeat exactly.</summary>
    public int? Seed { get; init; }

    public FaultPhase Phase { get; init; } = FaultPhase.Before;

    /// <summary>Only calls whose request path contains this text are hit (for example one customer id), so a fault can target one site.</summary>
    public string? PathContains { get; init; }
}
