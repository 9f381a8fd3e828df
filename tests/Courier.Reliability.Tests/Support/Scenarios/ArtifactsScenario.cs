using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Artifacts;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Support.Scenarios;

/// <summary>Artifacts: "Download All" requests over small media folders; the side effect is one READY archive (a committed ZIP blob) per request.</summary>
public sealed class ArtifactsScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    private readonly Dictionary<(int, int), string> _ids = [];

    public string Project => "proj" + Tag;

    public string MediaContainer => "m" + Tag;

    public string ArtifactsContainer => "z" + Tag;

    public override string Job => "artifacts";

    public override string TwinPath => "/" + ArtifactsJob.TwinRoute;

    public override string? Queue => ArtifactsQueue.Name;

    public override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Artifacts:MediaContainer"] = MediaContainer;
        settings["Artifacts:ArtifactsContainer"] = ArtifactsContainer;
        return settings;
    }

    public override async Task SetupAsync(CourierCalls calls) => await Blobs().GetBlobContainerClient(MediaContainer).CreateIfNotExistsAsync();

    public override async Task ProduceAsync(CourierCalls producer, int round, int i)
    {
        var media = Blobs().GetBlobContainerClient(MediaContainer);
        var prefix = $"r{round:D3}-{i:D3}/";
        await media.GetBlobClient($"{Project}/{prefix}a.txt").UploadAsync(BinaryData.FromString(string.Concat(Enumerable.Repeat("text ", 200))), overwrite: true);
        await media.GetBlobClient($"{Project}/{prefix}b.jpg").UploadAsync(BinaryData.FromBytes(new byte[2048]), overwrite: true);
        var created = await producer.OkAsync(HttpMethod.Post, "/" + ArtifactsJob.CreateRoute, TestSecrets.Api,
            new JsonObject { ["projectId"] = Project, ["prefix"] = prefix }, HttpStatusCode.Accepted);
        _ids[(round, i)] = created.GetProperty("artifactId").GetString()!;
    }

    /// <summary>
    /// Each request ended; a READY one names a committed archive that exists. Committed ZIPs no item names (a crashed
    /// attempt's) are counted as orphans, or as duplicated when <see cref="JobScenario.Unharmed"/> (no attempt crashed).
    /// </summary>
    public override async Task<RoundOutcome> CheckAsync(int round)
    {
        var ids = Enumerable.Range(0, ItemsPerRound).Select(i => _ids[(round, i)]).ToList();
        var items = await ItemsAsync(ids);
        var container = Blobs().GetBlobContainerClient(ArtifactsContainer);
        var committed = new List<string>();
        if (await container.ExistsAsync())
            await foreach (var blob in container.GetBlobsAsync()) committed.Add(blob.Name);
        var problems = new List<string>();
        int lost = 0, duplicated = 0, twice = 0, orphans = 0;
        foreach (var id in ids)
        {
            var item = items.GetValueOrDefault(id);
            string? archive = null;
            if (item is { State: QueueState.Completed, Result: { } result })
                archive = JsonDocument.Parse(result).RootElement.TryGetProperty("blob", out var name) ? name.GetString() : null;
            if (!Ended(item) || (item!.State == QueueState.Completed && (archive is null || !committed.Contains(archive))))
            {
                lost++;
                problems.Add($"{id}: {item?.State.ToString() ?? "missing"} ({item?.LastError}), archive {archive ?? "none"}");
            }

            var others = committed.Count(b => b.StartsWith(id + "/", StringComparison.Ordinal) && b != archive);
            if (others > 0 && Unharmed)
            {
                duplicated += others;
                twice++;
                problems.Add($"{id}: {others + (archive is null ? 0 : 1)} committed ZIPs, archive {archive ?? "none"}");
            }
            else
            {
                orphans += others;
            }
        }

        return new RoundOutcome(ids.Count, lost, duplicated, 0, problems, new Dictionary<string, int> { ["orphan ZIPs of crashed attempts (never served)"] = orphans }) { DuplicatedItems = twice };
    }

    private BlobServiceClient Blobs() => Azurite.CreateBlobServiceClient();
}
