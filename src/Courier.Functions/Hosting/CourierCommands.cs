using Courier.Functions.Catalog;
using Microsoft.Extensions.Configuration;

namespace Courier.Functions.Hosting;

/// <summary>
/// Command modes that generate files from the catalog instead of starting the host:
/// <c>--write-function-metadata &lt;dir&gt; [--auth-level function]</c> writes one <c>&lt;function&gt;/function.json</c> per
/// catalog entry (run after publish); <c>--write-catalog-docs &lt;repo-root&gt;</c> writes docs/catalog.md and the README table.
/// </summary>
public static class CourierCommands
{
    public const string WriteFunctionMetadata = "--write-function-metadata";
    public const string WriteCatalogDocs = "--write-catalog-docs";

    /// <summary>Runs a command when <paramref name="args"/> name one; returns its exit code, or null to start the host.</summary>
    public static int? TryRun(string[] args, TextWriter output)
    {
        var metadata = ValueAfter(args, WriteFunctionMetadata);
        if (metadata is not null)
        {
            var level = ValueAfter(args, "--auth-level") ?? "anonymous";
            if (level is not ("anonymous" or "function"))
            {
                output.WriteLine("--auth-level must be 'anonymous' or 'function'.");
                return 2;
            }

            // Schedules__<job> from the environment regenerate the timers with overridden schedules.
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var written = FunctionMetadata.Write(metadata, new FunctionSettings(configuration), hostKeys: level == "function");
            output.WriteLine($"wrote {written.Count} function.json files under {Path.GetFullPath(metadata)}");
            return 0;
        }

        var docs = ValueAfter(args, WriteCatalogDocs);
        if (docs is not null)
        {
            Directory.CreateDirectory(Path.Combine(docs, "docs"));
            File.WriteAllText(Path.Combine(docs, "docs", "catalog.md"), CatalogDocument());
            var readme = Path.Combine(docs, "README.md");
            var current = File.Exists(readme) ? File.ReadAllText(readme) : "# Courier\n";
            File.WriteAllText(readme, CatalogMarkdown.Splice(current, "## Functions"));
            output.WriteLine($"wrote docs/catalog.md and the catalog table of README.md under {Path.GetFullPath(docs)}");
            return 0;
        }

        return args.Any(a => a == WriteFunctionMetadata || a == WriteCatalogDocs) ? Usage(output) : null;
    }

    /// <summary>The content of docs/catalog.md.</summary>
    public static string CatalogDocument() =>
        "# Function catalog\n\n" +
        "Generated from `src/Courier.Functions/Catalog/JobCatalog.cs` by\n" +
        "`dotnet run --project src/Courier.Functions -- --write-catalog-docs \"$PWD\"`; do not edit by hand.\n\n" +
        CatalogMarkdown.Render();

    private static string? ValueAfter(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Usage(TextWriter output)
    {
        output.WriteLine($"usage: Courier.Functions {WriteFunctionMetadata} <dir> [--auth-level anonymous|function]");
        output.WriteLine($"       Courier.Functions {WriteCatalogDocs} <repo-root>");
        return 2;
    }
}
