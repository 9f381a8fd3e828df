using System.Text;

namespace Courier.Hosting.Catalog;

/// <summary>Renders the catalog as the markdown table kept in docs/catalog.md and in README between the catalog markers.</summary>
public static class CatalogMarkdown
{
    public const string StartMarker = "<!-- catalog:start -->";
    public const string EndMarker = "<!-- catalog:end -->";

    /// <summary>The generated table (without markers), ending in a newline.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("| job | timer function | schedule (NCRONTAB) | schedule setting | HTTP twin function and route | secret setting; accepted carriers |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var timer in JobCatalog.Timers)
        {
            var twin = JobCatalog.TwinOf(timer.Job!)!;
            text.AppendLine($"| {timer.Title} | `{timer.Name}` | `{timer.Schedule}` | `{timer.ScheduleSetting}` | `{twin.Name}`: {Route(twin)} | {Auth(twin)} |");
        }

        text.AppendLine();
        text.AppendLine("| HTTP API function | job | route | auth |");
        text.AppendLine("|---|---|---|---|");
        foreach (var api in JobCatalog.Entries.Where(e => e.Role is FunctionRole.Api or FunctionRole.Queue or FunctionRole.Status or FunctionRole.Health))
            text.AppendLine($"| `{api.Name}` | {(api.Job is null ? "host" : $"`{api.Job}`")} | {Route(api)} | {Auth(api)} |");

        return text.ToString();
    }

    /// <summary>The content of docs/catalog.md.</summary>
    public static string Document() =>
        "# Function catalog\n\n" +
        "Generated from the job descriptors (`src/Courier.Hosting/Jobs/*/*Job.cs`) by\n" +
        "`dotnet run --project src/Courier.Standalone -- --write-catalog-docs \"$PWD\"`; do not edit by hand.\n\n" +
        Render();

    /// <summary>The text between the markers of <paramref name="document"/>, or null when the markers are missing.</summary>
    public static string? Extract(string document)
    {
        var start = document.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start) return null;
        return document[(start + StartMarker.Length)..end].Trim('\r', '\n').ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Replaces the text between the markers of <paramref name="document"/> with the generated table, adding a section when absent.</summary>
    public static string Splice(string document, string heading)
    {
        var block = StartMarker + "\n" + Render() + EndMarker;
        var start = document.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start >= 0 && end > start) return document[..start] + block + document[(end + EndMarker.Length)..];
        return document.TrimEnd('\n') + "\n\n" + heading + "\n\n" + block + "\n";
    }

    private static string Route(CatalogEntry entry)
    {
        var query = entry.Parameters.Count == 0 ? "" : "?" + string.Join("&", entry.Parameters.Select(p => $"{p.Name}=N"));
        return string.Join(" and ", entry.Methods.Select(m => $"`{m}`")) + $" `{entry.Path}{query}`";
    }

    private static string Auth(CatalogEntry entry) => entry.Auth.Kind switch
    {
        AuthKind.Anonymous when entry.Role == FunctionRole.Status => "checks the secret in the form; sets the session cookie",
        AuthKind.Anonymous => "none",
        _ => $"`{entry.Auth.SecretSetting}`; {entry.Auth.DescribeCarriers()}" + (entry.Auth.NotFoundOnFailure ? " (404 on any auth failure)" : ""),
    };
}
