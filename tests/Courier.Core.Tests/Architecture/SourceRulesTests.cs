using Courier.Core.Tests.Support;

namespace Courier.Core.Tests.Architecture;

/// <summary>Style rule 3: every clock read and delay in src goes through an injected TimeProvider.</summary>
public sealed class SourceRulesTests
{
    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Source(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [Fact]
    public void SourceFiles_AllOfSrc_NoDirectClockReadsOrBareDelays()
    {
        var files = SourceFiles().ToList();

        var findings = files
            .SelectMany(f => BannedApiScanner.Scan(File.ReadAllText(f)).Select(finding => $"{Path.GetRelativePath(RepositoryPaths.Root().FullName, f)} {finding}"))
            .ToList();

        Assert.Contains(files, f => f.EndsWith("WorkQueue.cs", StringComparison.Ordinal));
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("var now = DateTime.UtcNow;")]
    [InlineData("var now = DateTimeOffset.UtcNow;")]
    [InlineData("var now = DateTime.Now;")]
    [InlineData("var now = DateTimeOffset.Now;")]
    [InlineData("var now = DateTime . UtcNow;")]
    [InlineData("await Task.Delay(1000);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);")]
    [InlineData("await Task.Delay(delay, ct).ConfigureAwait(false); // wait")]
    [InlineData("await Task.Delay(\n    delay,\n    token);")]
    public void Scan_BannedCall_Reported(string source)
    {
        Assert.Single(BannedApiScanner.Scan(source));
    }

    [Theory]
    [InlineData("var now = time.GetUtcNow();")]
    [InlineData("await Task.Delay(delay, time, cancellationToken);")]
    [InlineData("await Task.Delay(delay, _time, ct);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);")]
    [InlineData("await Task.Delay(Spec.Delay ?? DefaultHold, timeProvider, http.RequestAborted);")]
    [InlineData("// DateTime.UtcNow is banned here")]
    [InlineData("/// <summary>Never use DateTimeOffset.UtcNow.</summary>")]
    [InlineData("var url = \"http://example.test\"; var d = DateTimeOffset.MinValue;")]
    public void Scan_AllowedCode_NothingReported(string source)
    {
        Assert.Empty(BannedApiScanner.Scan(source));
    }
}
