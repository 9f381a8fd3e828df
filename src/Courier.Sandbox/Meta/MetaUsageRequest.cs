using System.Text.Json.Nodes;

namespace Courier.Sandbox.Meta;

/// <summary>
/// Body of <c>POST /_sandbox/meta/usage</c>: the JSON values of <c>X-App-Usage</c> and <c>X-Business-Use-Case-Usage</c> sent on
/// every Graph answer from then on (null removes the header).
/// </summary>
public sealed record MetaUsageRequest(JsonObject? AppUsage, JsonObject? BusinessUseCaseUsage);
