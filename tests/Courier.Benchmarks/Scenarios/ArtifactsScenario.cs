using System.Diagnostics;
using System.Text;
using Azure.Storage.Blobs;
using Courier.Core.Jobs.Artifacts;
using Courier.Storage;
using Courier.Storage.Artifacts;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// The artifacts job's ZIP generation (<see cref="ArchiveWriter"/> over the blob adapters, as the processor runs it) on
/// a project of about 50 MiB and one of 1 GiB: peak working set of each generation, each in a fresh process, and the
/// throughput of the large one next to a plain blob-to-blob copy of the same bytes through the same adapters.
/// </summary>
public sealed class ArtifactsScenario : IBenchmarkScenario
{
    private const string MediaContainer = "bench-media";
    private const string OutputContainer = "bench-artifacts";
    private const double MiB = 1024 * 1024;

    public string Name => "artifact";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // Quick keeps the shape (two sizes, four times apart here) at sizes a test run can afford.
        var (small, large, fileSize) = context.Quick ? (4 * MiB, 16 * MiB, 1 * MiB) : (50 * MiB, 1024 * MiB, 8 * MiB);
        var service = new BlobServiceClient(context.ConnectionString, StorageClients.BlobOptions());
        var media = service.GetBlobContainerClient(MediaContainer);
        await media.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await service.GetBlobContainerClient(OutputContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var seeding = Stopwatch.StartNew();
        await SeedAsync(media, "bench-small", (long)small, (long)fileSize, cancellationToken);
        await SeedAsync(media, "bench-large", (long)large, (long)fileSize, cancellationToken);
        context.Log.WriteLine(BenchmarkApp.Invariant($"  seeded {small / MiB:F0} MiB and {large / MiB:F0} MiB of media in {seeding.Elapsed.TotalSeconds:F1} s"));

        var baseline = await context.RunChildAsync(Name, ["baseline", "bench-small"], cancellationToken);
        var smallRun = await context.RunChildAsync(Name, ["zip", "bench-small"], cancellationToken);
        context.Log.WriteLine(Describe("zip", small, smallRun));
        var largeRun = await context.RunChildAsync(Name, ["zip", "bench-large"], cancellationToken);
        context.Log.WriteLine(Describe("zip", large, largeRun));
        var copyRun = await context.RunChildAsync(Name, ["copy", "bench-large"], cancellationToken);
        context.Log.WriteLine(Describe("copy", large, copyRun));

        return new Dictionary<string, object>
        {
            ["artifact_small_mib"] = small / MiB,
            ["artifact_large_mib"] = large / MiB,
            ["artifact_baseline_rss_mb"] = BenchmarkApp.Round(baseline["peak_rss_mb"]),
            ["artifact_peak_rss_mb_50mib"] = BenchmarkApp.Round(smallRun["peak_rss_mb"]),
            ["artifact_peak_rss_mb_1gib"] = BenchmarkApp.Round(largeRun["peak_rss_mb"]),
            ["artifact_zip_mb_per_s"] = BenchmarkApp.Round(largeRun["source_bytes"] / MiB / largeRun["seconds"]),
            ["artifact_zip_seconds_1gib"] = BenchmarkApp.Round(largeRun["seconds"]),
            ["artifact_zip_bytes_1gib"] = largeRun["zip_bytes"],
            ["artifact_copy_mb_per_s"] = BenchmarkApp.Round(copyRun["source_bytes"] / MiB / copyRun["seconds"]),
            ["artifact_copy_peak_rss_mb"] = BenchmarkApp.Round(copyRun["peak_rss_mb"]),
        };
    }

    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken)
    {
        var (step, project) = (args[0], args[1]);
        var connection = Environment.GetEnvironmentVariable(BenchmarkContext.ConnectionVariable) ?? throw new InvalidOperationException($"{BenchmarkContext.ConnectionVariable} is not set");
        var service = new BlobServiceClient(connection, StorageClients.BlobOptions());
        var media = new BlobMediaSource(service.GetBlobContainerClient(MediaContainer));
        var archives = new BlobArchiveStore(service, OutputContainer);
        var output = service.GetBlobContainerClient(OutputContainer);
        var run = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (step)
        {
            case "baseline":
                // The same clients and a listing, no archive: what the process costs before any byte is zipped.
                await foreach (var _ in media.ListAsync(project + "/", cancellationToken))
                {
                }

                break;
            case "zip":
            {
                var upload = await archives.BeginAsync($"{run}/{project}.zip", cancellationToken);
                await using (upload)
                {
                    var written = await new ArchiveWriter(media, new ArtifactsOptions().StoredExtensions).WriteAsync(project, media.ListAsync(project + "/", cancellationToken), upload.Stream, cancellationToken);
                    figures["zip_bytes"] = await upload.CommitAsync(cancellationToken);
                    figures["source_bytes"] = written.SourceBytes;
                    figures["entries"] = written.Entries;
                }

                break;
            }

            case "copy":
            {
                long bytes = 0;
                await foreach (var file in media.ListAsync(project + "/", cancellationToken))
                {
                    var source = await media.OpenReadAsync(file, cancellationToken);
                    await using (source)
                    {
                        var upload = await archives.BeginAsync($"{run}/{file.Name}", cancellationToken);
                        await using (upload)
                        {
                            await source.CopyToAsync(upload.Stream, ArchiveWriter.CopyBufferSize, cancellationToken);
                            await upload.CommitAsync(cancellationToken);
                        }
                    }

                    bytes += file.Length;
                }

                figures["source_bytes"] = bytes;
                break;
            }

            default:
                throw new ArgumentException($"unknown step '{step}'");
        }

        figures["seconds"] = clock.Elapsed.TotalSeconds;
        using (var self = Process.GetCurrentProcess())
        {
            self.Refresh();
            figures["peak_rss_mb"] = self.PeakWorkingSet64 / MiB;
        }

        // Free the emulator's memory for the next step (after the clock stopped).
        await foreach (var blob in output.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = run + "/" }, cancellationToken)) await output.DeleteBlobAsync(blob.Name, cancellationToken: cancellationToken);
        return figures;
    }

    /// <summary>
    /// Fills <c>{project}/</c> with about <paramref name="total"/> bytes in nested folders: mostly random (incompressible)
    /// videos and photos, which the archive stores, and every eighth file compressible text, which it deflates.
    /// </summary>
    private static async Task SeedAsync(BlobContainerClient media, string project, long total, long fileSize, CancellationToken cancellationToken)
    {
        var count = (int)Math.Max(1, total / fileSize);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var kind = i % 8 == 7 ? "txt" : i % 2 == 0 ? "mp4" : "jpg";
            var name = BenchmarkApp.Invariant($"{project}/shoot-{i / 16:D2}/day-{i % 4}/take-{i:D4}.{kind}");
            var content = new byte[fileSize];
            if (kind == "txt")
            {
                var line = Encoding.ASCII.GetBytes(BenchmarkApp.Invariant($"take {i}: frame notes, colour grade, approvals and delivery comments\n"));
                for (var at = 0; at < content.Length; at += line.Length) line.AsSpan(0, Math.Min(line.Length, content.Length - at)).CopyTo(content.AsSpan(at));
            }
            else
            {
                new Random(i).NextBytes(content);
            }

            await media.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true, ct);
        });
    }

    private static string Describe(string step, double size, IReadOnlyDictionary<string, double> run) =>
        BenchmarkApp.Invariant($"  {step} {size / MiB:F0} MiB: {run["seconds"]:F1} s, {run["source_bytes"] / MiB / run["seconds"]:F1} MiB/s, peak working set {run["peak_rss_mb"]:F0} MiB");
}
