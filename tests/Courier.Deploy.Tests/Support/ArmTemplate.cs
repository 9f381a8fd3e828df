using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Deploy.Tests.Support;

/// <summary>Read access to a compiled ARM template: resources by type, variables, parameters, and every string with its path.</summary>
internal sealed class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public IEnumerable<JsonObject> Resources(string type) =>
        Root["resources"]!.AsArray().Select(r => r!.AsObject())
            .Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Resource(string type) => Assert.Single(Resources(type));

    public JsonNode Variable(string name) => Root["variables"]?[name] ?? throw new KeyNotFoundException("no variable " + name);

    public JsonObject Parameters => Root["parameters"]!.AsObject();

    /// <summary>Names of the <c>@secure()</c> string parameters.</summary>
    public IReadOnlyList<string> SecureParameters =>
        Parameters.Where(p => string.Equals((string?)p.Value!["type"], "securestring", StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).ToList();

    /// <summary>Every string value of the template (and object key), with a JSON-path-like location.</summary>
    public IEnumerable<(string Path, string Value)> Strings() => Walk(Root, "$");

    private static IEnumerable<(string, string)> Walk(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    yield return (path + "." + key + "<key>", key);
                    foreach (var s in Walk(value, path + "." + key)) yield return s;
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var s in Walk(a[i], $"{path}[{i}]")) yield return s;
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                yield return (path, v.GetValue<string>());
                break;
        }
    }
}
