using System.Text.Json;
using Courier.Core.Queue;
using Courier.Core.Validation;

namespace Courier.Hosting.Queues;

/// <summary>
/// The body of <c>POST /api/queues/{queue}/redrive</c>: <c>state</c>, <c>siteId</c> (or <c>site</c>), <c>errorCode</c>, <c>from</c>,
/// <c>to</c>, <c>limit</c> and <c>dryRun</c>, all optional. A field it does not know is refused rather than ignored: a misspelt
/// filter would otherwise widen the re-drive to every failed item.
/// </summary>
public sealed record RedriveRequest(RedriveFilter Filter, bool DryRun)
{
    private static readonly string[] Known = ["state", "siteId", "site", "errorCode", "from", "to", "limit", "dryRun"];

    /// <summary>The request, or the errors naming each bad field. <paramref name="body"/> null stands for an empty body (every default).</summary>
    public static (RedriveRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonElement? body, QueueDefinition queue)
    {
        if (body is not { } json) return (new RedriveRequest(new RedriveFilter(), false), []);
        var fields = new JsonFields(json);
        if (!fields.IsObject) return (null, [new FieldError("$", "the body must be a JSON object")]);

        foreach (var property in json.EnumerateObject().Where(p => !Known.Contains(p.Name, StringComparer.Ordinal)))
            fields.Error(property.Name, $"is not a known filter (use {string.Join(", ", Known)})");

        var states = States(json, queue, fields);
        if (fields.Has("siteId") && fields.Has("site")) fields.Error("site", "give siteId or site, not both");
        var site = NonEmpty(fields, fields.Has("site") ? "site" : "siteId");
        var errorCode = NonEmpty(fields, "errorCode");
        var from = fields.DateTimeWithOffset("from", required: false);
        var to = fields.DateTimeWithOffset("to", required: false);
        if (from is { } f && to is { } t && t <= f) fields.Error("to", "must be after from");
        var limit = fields.Int("limit", required: false, 1, RedriveFilter.MaxLimit) ?? RedriveFilter.DefaultLimit;
        var dryRun = fields.Boolean("dryRun", required: false) ?? false;
        if (fields.Errors.Count > 0) return (null, fields.Errors);

        var filter = new RedriveFilter { GroupKey = site, ErrorCode = errorCode, From = from, To = to, Limit = limit };
        return (new RedriveRequest(states is null ? filter : filter with { States = states }, dryRun), []);
    }

    /// <summary>
    /// <c>state</c>: one name or an array of names, each FAILED or UNKNOWN in Courier's names or the queue's own (social: <c>failed</c>),
    /// case-insensitive. Null when absent (Failed only).
    /// </summary>
    private static HashSet<QueueState>? States(JsonElement body, QueueDefinition queue, JsonFields fields)
    {
        if (!body.TryGetProperty("state", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var names = NamesOf(queue);
        var allowed = $"must be {string.Join(" or ", names.Keys.Order(StringComparer.Ordinal))}, or an array of them";
        var given = value.ValueKind switch
        {
            JsonValueKind.String => [value],
            JsonValueKind.Array => value.EnumerateArray().ToList(),
            _ => [],
        };
        var states = new HashSet<QueueState>();
        foreach (var item in given)
        {
            if (item.ValueKind != JsonValueKind.String || !names.TryGetValue(item.GetString()!, out var state)) { fields.Error("state", allowed); return null; }
            states.Add(state);
        }

        if (states.Count == 0) { fields.Error("state", allowed); return null; }
        return states;
    }

    private static Dictionary<string, QueueState> NamesOf(QueueDefinition queue)
    {
        var names = new Dictionary<string, QueueState>(StringComparer.OrdinalIgnoreCase);
        foreach (var state in RedriveFilter.RedrivableStates)
        {
            names[state.ToString().ToUpperInvariant()] = state;
            if (queue.StateNames.TryGetValue(state, out var own)) names[own] = state;
        }

        return names;
    }

    private static string? NonEmpty(JsonFields fields, string name)
    {
        var value = fields.String(name, required: false, maxLength: 400);
        if (value is not null && string.IsNullOrWhiteSpace(value)) { fields.Error(name, "must not be empty"); return null; }
        return value;
    }
}
