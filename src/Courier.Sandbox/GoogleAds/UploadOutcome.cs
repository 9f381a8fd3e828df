using System.Text.Json.Nodes;

namespace Courier.Sandbox.GoogleAds;

/// <summary>What the upload handler answers and records: status, body, the rows with their fate, and a whole-request error code.</summary>
internal sealed record UploadOutcome(int Status, JsonObject Body, IReadOnlyList<AdsUploadRow> Rows, string? ErrorCode);
