using Courier.TestUtils.Repository;
using Courier.Hosting.Catalog;

namespace Courier.Hosting.Tests.Catalog;

public sealed class CatalogMarkdownTests
{
    private const string Regenerate = "regenerate with: dotnet run --project src/Courier.Standalone -- --write-catalog-docs \"$PWD\"";

    [Fact]
    public void Render_ReadmeTable_MatchesTheCatalog()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var section = CatalogMarkdown.Extract(readme);
        Assert.True(section is not null, "README.md lacks the catalog markers; " + Regenerate);
        Assert.True(section == CatalogMarkdown.Render(), "README.md's catalog table differs from the catalog; " + Regenerate);
    }

    [Fact]
    public void Render_DocsCatalog_MatchesTheCatalog()
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "catalog.md")).ReplaceLineEndings("\n");
        Assert.True(docs == CatalogMarkdown.Document(), "docs/catalog.md differs from the catalog; " + Regenerate);
    }

    [Fact]
    public void Render_EveryFunction_IsListed()
    {
        var table = CatalogMarkdown.Render();
        Assert.All(JobCatalog.Entries, e => Assert.Contains($"`{e.Name}`", table, StringComparison.Ordinal));
    }

    [Fact]
    public void Splice_DocumentWithMarkers_ReplacesOnlyBetweenThem()
    {
        var document = "# T\n\nbefore\n" + CatalogMarkdown.StartMarker + "\nold\n" + CatalogMarkdown.EndMarker + "\nafter\n";
        var spliced = CatalogMarkdown.Splice(document, "## Functions");
        Assert.StartsWith("# T\n\nbefore\n", spliced, StringComparison.Ordinal);
        Assert.EndsWith(CatalogMarkdown.EndMarker + "\nafter\n", spliced, StringComparison.Ordinal);
        Assert.Equal(CatalogMarkdown.Render(), CatalogMarkdown.Extract(spliced));
        Assert.DoesNotContain("old", spliced, StringComparison.Ordinal);
    }
}
