using System.Text.Json.Nodes;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs.Artifacts;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.Social;
using Courier.Hosting.Jobs.WriteBack;

namespace Courier.Reliability.Tests.BadInput;

/// <summary>
/// A seeded generator of malformed requests for each HTTP function of the catalog: bodies mutated from a valid sample
/// (each field missing, of the wrong type, huge, nested junk, invalid dates, unknown fields), bodies that are not JSON at
/// all, wrong content types, and out-of-range or unreadable query parameters. Functions without input say why.
/// </summary>
public static class BadInputCorpus
{
    private const int Seed = 1414;

    /// <summary>Functions that take no input a caller could get wrong, with the reason (checked to name catalog entries).</summary>
    public static readonly IReadOnlyDictionary<string, string> WithoutInput = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HostFunctions.Health] = "no input",
        [HostFunctions.StatusPage] = "an HTML page; its only input is the session cookie (status tests)",
        [HostFunctions.StatusLogin] = "a form post whose only field is the secret (status session tests)",
        [HostFunctions.StatusAction] = "needs the page's session cookie and CSRF token (status action tests)",
        [HostFunctions.Status] = "no parameters (a query is not read)",
        [SocialJob.Activity] = "no parameters (a query is not read)",
    };

    /// <summary>A valid JSON body per function taking one; mutations of it make the corpus. Date fields are named per function.</summary>
    private static readonly Dictionary<string, (Func<JsonObject> Sample, string[] Required, string[] Dates)> Bodies = new(StringComparer.Ordinal)
    {
        [ConversionsJob.Enqueue] = (() => Sale("s1"), ["siteId", "saleId", "gclid", "conversionDateTime", "value", "currency"], ["conversionDateTime"]),
        [ConversionsJob.EnqueueBulk] = (() => new JsonObject { ["conversions"] = new JsonArray(Sale("b1"), Sale("b2")) }, ["conversions"], []),
        [ConversionsJob.SeedCredentials] = (() => new JsonObject
        {
            ["site_id"] = "bad-input-site",
            ["provider_key"] = "google_ads",
            ["credentials"] = new JsonObject
            {
                ["customer_id"] = "1234567890", ["developer_token"] = "dev-token-bad-input", ["client_id"] = "client-bad-input",
                ["client_secret"] = "client-secret-bad-input", ["refresh_token"] = "refresh-bad-input", ["conversion_action_resource_name"] = "customers/1234567890/conversionActions/1",
            },
        }, ["site_id", "provider_key", "credentials"], []),
        [ArtifactsJob.Create] = (() => new JsonObject { ["projectId"] = "bad-input-project" }, ["projectId"], []),
        [WriteBackJob.Queue] = (() => new JsonObject { ["model"] = "Request", ["action"] = "CREATE", ["recordId"] = "r1", ["record"] = new JsonObject { ["name"] = "n" } }, ["model", "action", "recordId"], []),
        [SocialJob.Connections] = (() => new JsonObject { ["connectionId"] = "c1", ["pageId"] = "1010", ["accessToken"] = "EAAB-bad-input-token" }, ["connectionId", "pageId", "accessToken"], []),
        [SocialJob.Queue] = (() => new JsonObject { ["platform"] = "facebook", ["connectionId"] = "c1", ["content"] = "hello", ["scheduledAt"] = "2026-01-02T13:45:00+01:00" }, ["platform", "content", "scheduledAt"], ["scheduledAt"]),
        [HostFunctions.QueuesRedrive] = (() => new JsonObject { ["dryRun"] = true }, [], ["from", "to"]),
    };

    /// <summary>Query strings that must be refused, per GET function with a query (or an id in its route).</summary>
    private static readonly Dictionary<string, string[]> Queries = new(StringComparer.Ordinal)
    {
        [SocialJob.Queue] = ["status=bogus", "status=" + new string('x', 5000), "status=%00", "status=POSTED%20OR%201"],
    };

    /// <summary>Route parameter values that name nothing or cannot be a key, per function with parameters in its route.</summary>
    private static readonly Dictionary<string, (string Method, string[] Values)> PathValues = new(StringComparer.Ordinal)
    {
        [ConversionsJob.Get] = ("GET", [new string('x', 2000), "..%2F..%2Fx", "a%27%20or%201%3D1", "%F0%9F%92%A5", "%20", "a%01b"]),
        [ArtifactsJob.Get] = ("GET", [new string('x', 2000), "..%2F..%2Fx", "a%27%20or%201%3D1", "%F0%9F%92%A5", "%20", "a%01b"]),
        [HostFunctions.CircuitClose] = ("POST", [new string('x', 2000), "..%2F..%2Fx", "bogus"]),
        [HostFunctions.QueuesRedrive] = ("POST", [new string('x', 2000), "bogus"]),
    };

    /// <summary>Functions where an empty body is a valid request (every filter optional).</summary>
    private static readonly HashSet<string> EmptyBodyValid = new(StringComparer.Ordinal) { HostFunctions.QueuesRedrive };

    /// <summary>
    /// True when the catalog entry has a corpus, is listed as taking no input, or is a twin without parameters (a twin reads
    /// nothing but its catalog parameters, so a new parameter gets its corpus from the catalog without a change here).
    /// A %00 in a path or value never reaches Courier: Kestrel refuses it with a bare 400 first, so the corpus leaves it out.
    /// </summary>
    public static bool Covers(CatalogEntry entry) =>
        WithoutInput.ContainsKey(entry.Name) || entry.Role == FunctionRole.Twin || Bodies.ContainsKey(entry.Name) || Queries.ContainsKey(entry.Name) || PathValues.ContainsKey(entry.Name);

    /// <summary>The malformed requests for one entry: every method it accepts.</summary>
    public static IReadOnlyList<BadRequest> For(CatalogEntry entry)
    {
        var random = new Random(Seed ^ entry.Name.GetHashCode(StringComparison.Ordinal));
        var list = new List<BadRequest>();
        if (entry.Role == FunctionRole.Twin)
        {
            foreach (var method in entry.Methods) list.AddRange(TwinQueries(entry, method));
            return list;
        }

        if (entry.Methods.Contains("POST") && Bodies.TryGetValue(entry.Name, out var body))
            list.AddRange(BodyMutations(body.Sample, body.Required, body.Dates, random).Where(r => r.Body != "" || !EmptyBodyValid.Contains(entry.Name)));
        if (PathValues.TryGetValue(entry.Name, out var path)) list.AddRange(path.Values.Select(v => new BadRequest("route value " + Short(v), path.Method, null, path.Method == "POST" ? "{}" : null, path.Method == "POST" ? "application/json" : null, v)));
        if (entry.Methods.Contains("GET") && Queries.TryGetValue(entry.Name, out var queries)) list.AddRange(queries.Select(q => new BadRequest("query " + Short(q), "GET", q, null, null)));
        return list;
    }

    private static IEnumerable<BadRequest> TwinQueries(CatalogEntry entry, string method)
    {
        foreach (var parameter in entry.Parameters)
        {
            foreach (var value in new[] { "abc", "", "1.5", "1e3", "0x10", (parameter.Min - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ((long)parameter.Max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "99999999999999999999", "%00", " 5" })
                yield return new BadRequest($"{method} {parameter.Name}={Short(value)}", method, $"{parameter.Name}={value}", null, null);
        }
    }

    private static IEnumerable<BadRequest> BodyMutations(Func<JsonObject> sample, string[] required, string[] dates, Random random)
    {
        var valid = sample().ToJsonString();
        foreach (var raw in new[] { "", "not json", "{", "[]", "null", "42", "\"text\"", "{\"a\":", valid[..(valid.Length / 2)], new string('[', 300) + new string(']', 300), "{\"x\":" + new string('{', 200) + new string('}', 200) + "}" })
            yield return new BadRequest("body " + Short(raw), "POST", null, raw);
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
            yield return new BadRequest("content type " + type, "POST", null, type.StartsWith("application/x-www", StringComparison.Ordinal) ? "a=1&b=2" : "<a>1</a>", type);

        foreach (var field in required)
        {
            var missing = sample();
            missing.Remove(field);
            yield return new BadRequest($"{field} missing", "POST", null, missing.ToJsonString());
            foreach (var (label, value) in WrongValues(sample()[field], random))
            {
                var wrong = sample();
                wrong[field] = value;
                yield return new BadRequest($"{field} {label}", "POST", null, wrong.ToJsonString());
            }
        }

        foreach (var field in dates)
        {
            foreach (var bad in new[] { "2026-13-45T10:00:00+01:00", "yesterday", "2026-01-02T25:00:00+01:00", "2026-01-02", "2026-01-02T13:45:00", "" })
            {
                var wrong = sample();
                wrong[field] = bad;
                yield return new BadRequest($"{field} = '{bad}'", "POST", null, wrong.ToJsonString());
            }
        }

        var unknown = sample();
        unknown["unexpected_" + random.Next(1000)] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
        yield return new BadRequest("unknown field", "POST", null, unknown.ToJsonString());
    }

    /// <summary>Values of another JSON type than the sample's, a huge string, and nested junk.</summary>
    private static IEnumerable<(string Label, JsonNode? Value)> WrongValues(JsonNode? current, Random random)
    {
        var kind = current?.GetValueKind();
        if (kind != System.Text.Json.JsonValueKind.Number) yield return ("a number", JsonValue.Create(random.Next(-1000, 1000)));
        if (kind != System.Text.Json.JsonValueKind.String && kind != System.Text.Json.JsonValueKind.Object) yield return ("a string", JsonValue.Create("text-" + random.Next(1000)));
        yield return ("true", JsonValue.Create(true));
        yield return ("null", null);
        if (kind != System.Text.Json.JsonValueKind.Array) yield return ("an array", new JsonArray(1, 2));
        if (kind != System.Text.Json.JsonValueKind.Object) yield return ("nested junk", new JsonObject { ["a"] = new JsonObject { ["b"] = new JsonArray(new JsonObject { ["c"] = null }) } });
        if (kind == System.Text.Json.JsonValueKind.String) yield return ("a 200 KB string", JsonValue.Create(new string('x', 200_000)));
    }

    private static JsonObject Sale(string saleId) => new()
    {
        ["siteId"] = "bad-input-site",
        ["saleId"] = saleId,
        ["gclid"] = "gclid-" + saleId,
        ["conversionDateTime"] = "2026-01-02T13:45:00+01:00",
        ["value"] = 12.5m,
        ["currency"] = "EUR",
    };

    private static string Short(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
