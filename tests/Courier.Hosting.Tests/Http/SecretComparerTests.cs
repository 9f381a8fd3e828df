using Courier.TestUtils.Repository;
using Courier.Hosting.Http;

namespace Courier.Hosting.Tests.Http;

public sealed class SecretComparerTests
{
    [Theory]
    [InlineData("s3cret", "s3cret", true)]
    [InlineData("s3cres", "s3cret", false)]
    [InlineData("s3cret-longer", "s3cret", false)]
    [InlineData("s3cre", "s3cret", false)]
    [InlineData("", "s3cret", false)]
    [InlineData(null, "s3cret", false)]
    [InlineData("", "", false)]
    [InlineData("S3CRET", "s3cret", false)]
    public void Matches_Values_ComparesExactly(string? presented, string expected, bool matches) =>
        Assert.Equal(matches, SecretComparer.Matches(presented, expected));

    [Fact]
    public void Matches_Source_UsesFixedTimeEqualsOverHashes()
    {
        var source = File.ReadAllText(Path.Combine(RepoRoot.Path, "src", "Courier.Hosting", "Http", "SecretComparer.cs"));
        Assert.Contains("CryptographicOperations.FixedTimeEquals(", source, StringComparison.Ordinal);
        Assert.Contains("SHA256.HashData(", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_EveryPlaceThatReadsASecretSetting_ComparesThroughIt()
    {
        var sources = new[] { "Courier.Hosting", "Courier.Functions", "Courier.Standalone" }.SelectMany(p => Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path: p, Text: File.ReadAllText(p)))
            .Where(f => f.Text.Contains("configuration[auth.SecretSetting", StringComparison.Ordinal) || f.Text.Contains("configuration[FunctionAuth.ApiSecretSetting]", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(sources);
        foreach (var (path, text) in sources)
        {
            var comparesDirectly = text.Contains("SecretComparer.Matches(", StringComparison.Ordinal) || text.Contains("CryptographicOperations.FixedTimeEquals(", StringComparison.Ordinal);
            Assert.True(comparesDirectly, $"{path} reads a secret setting but compares without SecretComparer");
            Assert.DoesNotContain("== secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("== expected", text, StringComparison.Ordinal);
        }
    }
}
