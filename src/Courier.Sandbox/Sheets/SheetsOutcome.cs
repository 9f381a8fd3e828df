using System.Text.Json.Nodes;

namespace Courier.Sandbox.Sheets;

/// <summary>What a Sheets call answered, with what its ledger entry records.</summary>
internal sealed record SheetsOutcome(int Status, JsonNode Body, IReadOnlyList<string> UpdatedRanges, int Rows)
{
    public static SheetsOutcome Failure(JsonObject error) => new(error["error"]!["code"]!.GetValue<int>(), error, [], 0);

    public string? Error => Status >= 400 ? Body["error"]?["status"]?.GetValue<string>() : null;
}
