using System.Text.Json.Serialization;

namespace Courier.Hosting.Queues;

/// <summary>
/// The answer of a re-drive: <c>{"ok":true,"queue":…,"matched":n,"moved":n,"lost":n,"dryRun":false}</c>; a dry run answers the
/// count alone (no <c>moved</c> or <c>lost</c>).
/// </summary>
public sealed record RedriveResponse(
    bool Ok,
    string Queue,
    int Matched,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Moved,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Lost,
    bool DryRun);
