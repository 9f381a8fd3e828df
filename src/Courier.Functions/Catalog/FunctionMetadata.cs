using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Functions.Catalog;

/// <summary>Builds and writes the function.json of each catalog entry, as the Functions host reads them.</summary>
public static class FunctionMetadata
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The function.json of <paramref name="entry"/>.</summary>
    /// <param name="entry">The catalog entry.</param>
    /// <param name="schedule">The effective schedule (timers).</param>
    /// <param name="hostKeys">True to generate <c>authLevel: function</c> for secret-protected routes, so the host checks its keys.</param>
    public static JsonObject Build(CatalogEntry entry, string? schedule, bool hostKeys)
    {
        if (entry.Kind == FunctionKind.Timer)
        {
            return new JsonObject
            {
                ["bindings"] = new JsonArray(new JsonObject
                {
                    ["name"] = "timer",
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["schedule"] = schedule ?? entry.Schedule,
                    ["useMonitor"] = true,
                    ["runOnStartup"] = false,
                }),
            };
        }

        var methods = new JsonArray(entry.Methods.Select(m => (JsonNode)JsonValue.Create(m.ToLowerInvariant())!).ToArray());
        return new JsonObject
        {
            ["bindings"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = AuthLevelOf(entry, hostKeys),
                    ["methods"] = methods,
                    ["route"] = entry.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
        };
    }

    /// <summary><c>anonymous</c>, or <c>function</c> for secret-protected routes when the operator hands key checks to the host.</summary>
    public static string AuthLevelOf(CatalogEntry entry, bool hostKeys) =>
        hostKeys && entry.Auth.HostKeyEligible ? "function" : "anonymous";

    /// <summary>Writes <c>&lt;dir&gt;/&lt;function&gt;/function.json</c> for every entry and removes function folders no longer in the catalog.</summary>
    public static IReadOnlyList<string> Write(string directory, FunctionSettings settings, bool hostKeys)
    {
        Directory.CreateDirectory(directory);
        var names = new HashSet<string>(JobCatalog.Entries.Select(e => e.Name), StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateDirectories(directory))
        {
            // Only folders this generator could have written: a function.json and nothing else.
            var files = Directory.GetFileSystemEntries(stale);
            if (!names.Contains(Path.GetFileName(stale)) && files.Length == 1 && Path.GetFileName(files[0]) == "function.json")
                Directory.Delete(stale, recursive: true);
        }

        var written = new List<string>();
        foreach (var entry in JobCatalog.Entries)
        {
            var folder = Path.Combine(directory, entry.Name);
            Directory.CreateDirectory(folder);
            var schedule = entry.Kind == FunctionKind.Timer ? settings.ScheduleOf(entry) : null;
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, Build(entry, schedule, hostKeys).ToJsonString(Indented) + Environment.NewLine);
            written.Add(path);
        }

        return written;
    }
}
