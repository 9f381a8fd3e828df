using System.IO.Compression;
using Courier.Core.Jobs;
using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Jobs.Artifacts;

/// <summary>The artifacts job over in-memory media, archives and queue, a fake clock and seeded randomness.</summary>
internal sealed class ArtifactsHarness
{
    public const string Project = "proj-1";
    private int _runs;

    public ArtifactsHarness(ArtifactsOptions? options = null)
    {
        Options = options ?? new ArtifactsOptions();
        Signals = new SignallingQueueStore(Store);
        WorkQueue = new WorkQueue(Store, Time);
        Queue = new ArtifactsQueue(WorkQueue, Media);
        Processor = new ArtifactsProcessor(Signals, Media, Archives, Options, Time, new Random(7), Logger);
    }

    public ArtifactsOptions Options { get; }

    public FakeTimeProvider Time { get; } = TestClock.New();

    public RecordingLogger<ArtifactsProcessor> Logger { get; } = new();

    public InMemoryQueueStore Store { get; } = new();

    /// <summary>The processor's view of <see cref="Store"/>: signals each applied write.</summary>
    public SignallingQueueStore Signals { get; }

    public InMemoryMediaSource Media { get; } = new();

    public InMemoryArchiveStore Archives { get; } = new();

    public WorkQueue WorkQueue { get; }

    public ArtifactsQueue Queue { get; }

    public ArtifactsProcessor Processor { get; }

    /// <summary>A project with nested folders, compressible text and incompressible "photos".</summary>
    public Dictionary<string, byte[]> SeedNestedProject(string project = Project)
    {
        var random = new Random(42);
        byte[] Noise(int n) { var b = new byte[n]; random.NextBytes(b); return b; }
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [$"{project}/readme.txt"] = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Download all the things. ", 400))),
            [$"{project}/photos/2025/a.jpg"] = Noise(70_000),
            [$"{project}/photos/2025/b.png"] = Noise(1_234),
            [$"{project}/photos/2025/raw/c.jpg"] = Noise(300_000),
            [$"{project}/video/clip.mp4"] = Noise(2 * 1024 * 1024 + 17),
            [$"{project}/docs/notes/empty.txt"] = [],
        };
        foreach (var (name, content) in files) Media.Put(name, content);
        return files;
    }

    public Task<JobReport> RunAsync(CancellationToken cancellationToken = default) =>
        Processor.RunAsync(new JobRunContext($"run-{++_runs}", RunTrigger.Http, RunBudget.Unlimited(Time), new Dictionary<string, string>()), cancellationToken);

    public static ArtifactsResult Body(JobReport report) => Assert.IsType<ArtifactsResult>(report.Body);

    public async Task<QueueItem> ItemAsync(string id) => await Queue.GetAsync(id) ?? throw new InvalidOperationException($"no artifact {id}");

    public byte[] ArchiveOf(QueueItem item) => Archives.Committed[ArtifactsQueue.ArchiveOf(item)!.Blob];

    /// <summary>Checks that <paramref name="zip"/> holds exactly <paramref name="files"/> (names inside the project), byte for byte.</summary>
    public static void AssertArchiveHolds(byte[] zip, IReadOnlyDictionary<string, byte[]> files, string project = Project)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var expected = files.ToDictionary(f => f.Key[(project.Length + 1)..], f => f.Value, StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in archive.Entries)
        {
            var content = expected[entry.FullName];
            Assert.Equal(content.Length, entry.Length);
            Assert.Equal(TestUtils.Artifacts.Crc32.Compute(content), entry.Crc32);
            using var read = entry.Open();
            using var copy = new MemoryStream();
            read.CopyTo(copy);
            Assert.Equal(content, copy.ToArray());
        }
    }
}
