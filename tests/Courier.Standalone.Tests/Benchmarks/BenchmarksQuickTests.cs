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
    public async Task Quick_Run_WritesEveryFigure()
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
            foreach (var key in PositiveFigures)
            {
                Assert.True(root.TryGetProperty(key, out var value), $"{key} is missing");
                Assert.True(value.GetDouble() > 0, $"{key} = {value}");
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>Every figure docs/performance.md reports (each is a count or a rate above zero in any run that worked).</summary>
    private static readonly string[] PositiveFigures =
    [
        "artifact_peak_rss_mb_50mib", "artifact_peak_rss_mb_1gib", "artifact_zip_mb_per_s", "artifact_copy_mb_per_s",
        "azurite_batch_ceiling_entities_per_s", "azurite_single_ceiling_ops_per_s",
        "conversions_items_per_s", "conversions_entity_writes_per_item", "conversions_storage_requests_per_item",
        "conversions_storage_rows_read_per_item", "conversions_provider_calls_per_item", "conversions_upload_calls",
        "conversions_baseline_items_per_s", "conversions_items_per_s_50ms", "conversions_vs_baseline_50ms",
        "enqueue_items_per_s", "bulk_enqueue_items_per_s", "bulk_enqueue_entity_writes_per_item",
        "claim_rate_ratio_history_100k_vs_empty", "status_storage_requests_history_100k_vs_empty",
        "status_storage_requests_empty", "status_storage_requests_history",
        "writeback_sheet_calls_per_run", "writeback_items_per_s",
        "social_items_per_s", "social_runs", "social_runs_per_post", "social_graph_calls_per_post",
        "delivery_drive_calls_per_file", "delivery_files_per_s", "delivery_parallelism", "delivery_files_per_s_0ms",
        "coldstart_ms_standalone", "coldstart_ms_standalone_first_twin", "coldstart_ms_empty_aspnet",
    ];

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
