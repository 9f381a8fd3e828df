using Courier.Hosting.Catalog;

namespace Courier.Standalone.Hosting;

/// <summary>
/// A command mode that generates files from the catalog instead of starting the host:
/// <c>--write-catalog-docs &lt;repo-root&gt;</c> writes docs/catalog.md and the README table.
/// </summary>
public static class CourierCommands
{
    public const string WriteCatalogDocs = "--write-catalog-docs";

    /// <summary>Runs a command when <paramref name="args"/> name one; returns its exit code, or null to start the host.</summary>
    public static int? TryRun(string[] args, TextWriter output)
    {
        var index = Array.IndexOf(args, WriteCatalogDocs);
        if (index < 0) return null;
        if (index + 1 >= args.Length)
        {
            output.WriteLine($"usage: Courier.Standalone {WriteCatalogDocs} <repo-root>");
            return 2;
        }

        var root = args[index + 1];
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        File.WriteAllText(Path.Combine(root, "docs", "catalog.md"), CatalogMarkdown.Document());
        var readme = Path.Combine(root, "README.md");
        var current = File.Exists(readme) ? File.ReadAllText(readme) : "# Courier\n";
        File.WriteAllText(readme, CatalogMarkdown.Splice(current, "## Functions"));
        output.WriteLine($"wrote docs/catalog.md and the catalog table of README.md under {Path.GetFullPath(root)}");
        return 0;
    }
}
