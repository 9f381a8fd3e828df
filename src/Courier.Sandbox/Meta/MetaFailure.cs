using System.Text.Json.Nodes;

namespace Courier.Sandbox.Meta;

/// <summary>A refused Graph call: the HTTP status and Graph's error body (whose <c>error.code</c> is what clients decide on).</summary>
internal sealed record MetaFailure(int Status, JsonObject Body)
{
    public int Code => Body["error"]!["code"]!.GetValue<int>();
}
