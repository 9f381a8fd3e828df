using System.Diagnostics;
using System.Text.Json;
using Courier.TestUtils.Repository;

namespace Courier.Standalone.Tests.Benchmarks;

/// <summary>
/// tests/Courier.Benchmarks in its quick mode (small sizes, its own Azurite, a child process per measured step), so the
/// benchmark keeps building and running: it must write one JSON object with every figure docs/performance.md reports.
/// </summary>
public sealed class BenchmarksQuickTests
{
    [Fact]
    public async Task Quick_Run_WritesEveryArtifactFigure()
    {
        var json = Path.Combine(Path.GetTempPath(), $"courier-bench-{Guid.NewGuid():N}.json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Dll, "--quick", "--json", json }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        try
        {
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}{await stdout}");
            using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = figures.RootElement;
            Assert.True(root.GetProperty("quick").GetBoolean());
            foreach (var key in new[] { "artifact_peak_rss_mb_50mib", "artifact_peak_rss_mb_1gib", "artifact_zip_mb_per_s", "artifact_copy_mb_per_s" })
                Assert.True(root.GetProperty(key).GetDouble() > 0, $"{key} = {root.GetProperty(key)}");
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>The benchmark as this test project's build left it (it builds the benchmark first, without referencing it).</summary>
    private static string Dll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(RepoRoot.Path, "tests", "Courier.Benchmarks", "bin", configuration, "net10.0", "Courier.Benchmarks.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"build tests/Courier.Benchmarks ({configuration}) first", path);
        }
    }
}
