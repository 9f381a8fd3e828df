using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Courier.Hosting.Jobs.Artifacts;
using Courier.Hosting.Jobs.Recovery;
using Courier.TestUtils.Artifacts;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.Artifacts;

/// <summary>
/// Courier with the artifacts job (and recovery) wired as Program wires them, on Azurite, with media and artifacts
/// containers of its own; helpers to seed media, call the API and the twin, and check an archive against its sources.
/// </summary>
public sealed class ArtifactsHost : IAsyncDisposable
{
    private ArtifactsHost(CourierTestHost host, BlobServiceClient blobs, string media, string artifacts)
    {
        Host = host;
        Media = blobs.GetBlobContainerClient(media);
        Artifacts = blobs.GetBlobContainerClient(artifacts);
    }

    public CourierTestHost Host { get; }

    public BlobContainerClient Media { get; }

    public BlobContainerClient Artifacts { get; }

    public HttpClient Client => Host.Client;

    /// <param name="settings">Settings on top of the defaults (a null value removes one).</param>
    /// <param name="services">Extra wiring after the job's (a wrapped media source, a clock).</param>
    public static async Task<ArtifactsHost> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var all = new Dictionary<string, string?>
        {
            ["Artifacts:MediaContainer"] = "m" + suffix,
            ["Artifacts:ArtifactsContainer"] = "z" + suffix,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = await CourierTestHost.StartAsync(all, s =>
        {
            s.AddRecovery();
            s.AddArtifacts();
            services?.Invoke(s);
        }, azurite.ConnectionString);
        var blobs = azurite.CreateBlobServiceClient();
        var created = new ArtifactsHost(host, blobs, "m" + suffix, "z" + suffix);
        await created.Media.CreateIfNotExistsAsync();
        return created;
    }

    /// <summary>A project with nested folders: compressible text, incompressible photos and a video, an empty file.</summary>
    public async Task<Dictionary<string, byte[]>> SeedNestedProjectAsync(string project)
    {
        var random = new Random(project.GetHashCode(StringComparison.Ordinal));
        byte[] Noise(int n) { var b = new byte[n]; random.NextBytes(b); return b; }
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [$"{project}/brief.txt"] = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Every deliverable of the shoot. ", 500))),
            [$"{project}/photos/day-1/IMG_0001.jpg"] = Noise(150_000),
            [$"{project}/photos/day-1/IMG_0002.png"] = Noise(40_000),
            [$"{project}/photos/day-2/selects/IMG_0107.jpg"] = Noise(5 * 1024 * 1024 + 3),
            [$"{project}/video/cut/final.mp4"] = Noise(9 * 1024 * 1024 + 511),
            [$"{project}/notes/empty.md"] = [],
        };
        foreach (var (name, content) in files) await PutAsync(name, content);
        return files;
    }

    public Task PutAsync(string name, byte[] content) => Media.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true);

    public Task PutFolderMarkerAsync(string name) =>
        Media.GetBlobClient(name).UploadAsync(BinaryData.FromBytes([]), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["hdi_isfolder"] = "true" } });

    public async Task<(int Status, JsonElement Body)> PostAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + ArtifactsJob.CreateRoute) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        return await SendAsync(request);
    }

    public async Task<(int Status, JsonElement Body)> GetAsync(string artifactId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/artifacts/" + Uri.EscapeDataString(artifactId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        return await SendAsync(request);
    }

    /// <summary>Calls the artifact twin with <c>X-CRON-SECRET</c> (or <paramref name="secret"/> on that header; null sends none).</summary>
    public async Task<(int Status, JsonElement Body)> RunTwinAsync(string? secret = TestSecrets.Cron)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + ArtifactsJob.TwinRoute);
        if (secret is not null) request.Headers.TryAddWithoutValidation("X-CRON-SECRET", secret);
        return await SendAsync(request);
    }

    public async Task<(int Status, JsonElement Body)> RunRecoveryAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + RecoveryJob.TwinRoute + "?min_age_minutes=0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron);
        return await SendAsync(request);
    }

    /// <summary>Names of the committed blobs in the artifacts container (and of uncommitted ones, when asked).</summary>
    public async Task<List<string>> ArchiveBlobsAsync(bool uncommitted = false)
    {
        var names = new List<string>();
        if (!await Artifacts.ExistsAsync()) return names;
        await foreach (var blob in Artifacts.GetBlobsAsync(new GetBlobsOptions { States = uncommitted ? BlobStates.Uncommitted : BlobStates.None })) names.Add(blob.Name);
        return names;
    }

    /// <summary>Checks that <paramref name="zip"/> holds exactly <paramref name="files"/> (names inside <paramref name="project"/>): entries, sizes, CRC-32s and bytes; and that photos and video are stored.</summary>
    public static void AssertArchiveHolds(byte[] zip, IReadOnlyDictionary<string, byte[]> files, string project)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var expected = files.ToDictionary(f => f.Key[(project.Length + 1)..], f => f.Value, StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in archive.Entries)
        {
            var content = expected[entry.FullName];
            Assert.Equal(content.Length, entry.Length);
            Assert.Equal(Crc32.Compute(content), entry.Crc32);
            using var read = entry.Open();
            using var copy = new MemoryStream();
            read.CopyTo(copy);
            Assert.Equal(content, copy.ToArray());
        }

        var methods = ZipDirectory.Read(zip).Entries.ToDictionary(e => e.Name, e => e.Method);
        foreach (var (name, method) in methods.Where(m => m.Key.EndsWith(".jpg", StringComparison.Ordinal) || m.Key.EndsWith(".png", StringComparison.Ordinal) || m.Key.EndsWith(".mp4", StringComparison.Ordinal)))
            Assert.True(method == 0, $"{name} should be stored, was method {method}");
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
