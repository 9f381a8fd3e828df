using System.Text.Json.Nodes;

namespace Courier.Sandbox.Meta;

/// <summary>What a Graph handler answers, and what the <c>meta</c> ledger notes about a write.</summary>
internal sealed record MetaOutcome(int Status, JsonNode Body)
{
    public string? ObjectId { get; init; }

    public bool Published { get; init; }

    public int? ErrorCode => Body["error"]?["code"]?.GetValue<int>();

    public static MetaOutcome Ok(JsonObject body) => new(StatusCodes.Status200OK, body);

    public static MetaOutcome From(MetaFailure failure) => new(failure.Status, failure.Body);
}
