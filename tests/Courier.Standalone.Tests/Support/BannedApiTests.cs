using Courier.TestUtils.Repository;
using System.Text.RegularExpressions;

namespace Courier.Standalone.Tests.Support;

/// <summary>Style rule 3 for the code this project owns: clocks and delays only through TimeProvider.</summary>
public sealed partial class BannedApiTests
{
    [Fact]
    public void Sources_HostAndSchedulingAdapters_UseTimeProviderOnly()
    {
        var roots = new[] { "src/Courier.Functions", "src/Courier.Hosting", "src/Courier.Standalone", "src/Courier.Storage/Scheduling", "src/Courier.Core/Scheduling" }.Select(r => Path.Combine(RepoRoot.Path, r));
        var offences = roots.SelectMany(r => Directory.EnumerateFiles(r, "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(p => File.ReadAllLines(p).Select((line, i) => (p, i, line)))
            .Where(x => Banned().IsMatch(x.line))
            .Select(x => $"{x.p}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.Empty(offences);
    }

    [GeneratedRegex(@"DateTime(Offset)?\.(UtcNow|Now)\b|Thread\.Sleep\(|Task\.Delay\((?![^)]*,\s*(time|_time|timeProvider)\b)")]
    private static partial Regex Banned();
}
