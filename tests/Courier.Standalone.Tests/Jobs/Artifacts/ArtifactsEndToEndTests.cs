using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.Artifacts;

/// <summary>The artifacts job through HTTP on Azurite (spec §5.2): request, generate with the twin, read the archive back, download it.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ArtifactsEndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task NestedProject_RequestRunGet_ZipMatchesTheSourcesAndItsUrlDownloadsIt()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        var files = await h.SeedNestedProjectAsync("shoot-42");

        var (created, requested) = await h.PostAsync("""{"projectId":"shoot-42"}""");
        Assert.Equal(202, created);
        Assert.Equal("PENDING", requested.GetProperty("status").GetString());
        var id = requested.GetProperty("artifactId").GetString()!;
        Assert.Equal((200, "PENDING"), Status(await h.GetAsync(id)));

        var (ran, report) = await h.RunTwinAsync();

        Assert.Equal(200, ran);
        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Equal((1, 0, 1), (report.GetProperty("processed").GetInt32(), report.GetProperty("recovered").GetInt32(), report.GetProperty("ready").GetInt32()));
        var (got, artifact) = await h.GetAsync(id);
        Assert.Equal((200, "READY"), (got, artifact.GetProperty("status").GetString()));
        Assert.Equal(files.Count, artifact.GetProperty("fileCount").GetInt32());
        Assert.Equal(files.Values.Sum(f => (long)f.Length), artifact.GetProperty("sizeBytes").GetInt64());

        // Read the committed blob back from storage and check it against the sources.
        var blob = Assert.Single(await h.ArchiveBlobsAsync());
        Assert.StartsWith(id + "/", blob, StringComparison.Ordinal);
        var zip = (await h.Artifacts.GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(zip.Length, artifact.GetProperty("zipBytes").GetInt64());
        ArtifactsHost.AssertArchiveHolds(zip, files, "shoot-42");

        // The SAS URL downloads the same bytes, with no other credential.
        using var anonymous = new HttpClient();
        using var download = await anonymous.GetAsync(artifact.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(zip, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment; filename=\"shoot-42.zip\"", download.Content.Headers.ContentDisposition?.ToString());
        Assert.Contains(h.Host.Logs.Lines, l => l.Contains("artifact_worker_cron_success", StringComparison.Ordinal) && l.Contains("Processed=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadUrl_AfterItsConfiguredLifetime_IsRefused()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite, new Dictionary<string, string?> { ["Artifacts:DownloadUrlLifetime"] = "00:00:02" });
        await h.SeedNestedProjectAsync("short");
        var id = (await h.PostAsync("""{"projectId":"short"}""")).Body.GetProperty("artifactId").GetString()!;
        await h.RunTwinAsync();
        var url = (await h.GetAsync(id)).Body.GetProperty("downloadUrl").GetString()!;
        using var anonymous = new HttpClient();

        using (var fresh = await anonymous.GetAsync(url)) Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        // Azurite checks the expiry against its own (real) clock: ask until it refuses, bounded.
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            using var later = await anonymous.GetAsync(url);
            status = later.StatusCode;
        }
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        // A new GET signs a new URL that works again.
        using var renewed = await anonymous.GetAsync((await h.GetAsync(id)).Body.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
    }

    [Fact]
    public async Task Request_SameMediaPendingOrReady_AnswersTheSameArtifact_ChangedMediaANewOne()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        await h.SeedNestedProjectAsync("p1");

        var first = await h.PostAsync("""{"projectId":"p1"}""");
        var whilePending = await h.PostAsync("""{"projectId":"p1","prefix":""}""");
        await h.RunTwinAsync();
        var whenReady = await h.PostAsync("""{"projectId":"p1"}""");
        var nothingToDo = (await h.RunTwinAsync()).Body;
        await h.PutAsync("p1/photos/day-3/IMG_0200.jpg", [1, 2, 3]);
        var changed = await h.PostAsync("""{"projectId":"p1"}""");

        var id = first.Body.GetProperty("artifactId").GetString();
        Assert.Equal((200, id, "PENDING"), (whilePending.Status, whilePending.Body.GetProperty("artifactId").GetString(), whilePending.Body.GetProperty("status").GetString()));
        Assert.Equal((200, id, "READY"), (whenReady.Status, whenReady.Body.GetProperty("artifactId").GetString(), whenReady.Body.GetProperty("status").GetString()));
        Assert.Equal(0, nothingToDo.GetProperty("processed").GetInt32());
        Assert.Single(await h.ArchiveBlobsAsync());
        Assert.Equal(202, changed.Status);
        Assert.NotEqual(id, changed.Body.GetProperty("artifactId").GetString());
    }

    [Fact]
    public async Task Request_Prefix_ArchivesThatFolderOnly()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        var files = await h.SeedNestedProjectAsync("p2");

        var id = (await h.PostAsync("""{"projectId":"p2","prefix":"photos"}""")).Body.GetProperty("artifactId").GetString()!;
        await h.RunTwinAsync();

        var zip = (await h.Artifacts.GetBlobClient(Assert.Single(await h.ArchiveBlobsAsync())).DownloadContentAsync()).Value.Content.ToArray();
        ArtifactsHost.AssertArchiveHolds(zip, files.Where(f => f.Key.StartsWith("p2/photos/", StringComparison.Ordinal)).ToDictionary(), "p2");
        Assert.Equal("photos/", (await h.GetAsync(id)).Body.GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task Request_EmptyProject_ReadyWithAnEmptyArchive()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        await h.PutFolderMarkerAsync("empty-project");

        var (status, body) = await h.PostAsync("""{"projectId":"empty-project"}""");
        await h.RunTwinAsync();
        var artifact = (await h.GetAsync(body.GetProperty("artifactId").GetString()!)).Body;

        Assert.Equal(202, status);
        Assert.Equal(("READY", 0), (artifact.GetProperty("status").GetString(), artifact.GetProperty("fileCount").GetInt32()));
        using var anonymous = new HttpClient();
        var zip = await anonymous.GetByteArrayAsync(artifact.GetProperty("downloadUrl").GetString());
        ArtifactsHost.AssertArchiveHolds(zip, new Dictionary<string, byte[]>(), "empty-project");
    }

    [Theory]
    [InlineData("""{"projectId":"p3","prefix":"../other"}""", "prefix")]
    [InlineData("""{"projectId":"p3","prefix":"photos/../../x"}""", "prefix")]
    [InlineData("""{"prefix":"photos"}""", "projectId")]
    [InlineData("""{"projectId":17}""", "projectId")]
    [InlineData("""{"projectId":"p3","prefix":["a"]}""", "prefix")]
    [InlineData("""{"projectId":"p3","zip":true}""", "zip")]
    [InlineData("""not json""", "$")]
    [InlineData("""[]""", "$")]
    public async Task Request_BadInput_Answers400NamingTheFieldAndStoresNothing(string json, string field)
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        await h.SeedNestedProjectAsync("p3");

        var (status, body) = await h.PostAsync(json);

        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.GetRawText());
        Assert.Equal(0, await CountAsync(h));
    }

    [Fact]
    public async Task Request_UnknownProject_Answers404AndStoresNothing()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        await h.SeedNestedProjectAsync("known");

        var (status, body) = await h.PostAsync("""{"projectId":"unknown"}""");

        Assert.Equal(404, status);
        Assert.Equal("no media is stored for project 'unknown'", body.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync(h));
        Assert.Equal(404, (await h.GetAsync("a0000")).Status);
    }

    [Fact]
    public async Task Api_NeedsTheApiSecret_NotTheCronSecret()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/artifacts") { Content = new StringContent("""{"projectId":"p"}""") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestSecrets.Cron);

        using var response = await h.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static (int, string?) Status((int Status, JsonElement Body) answer) => (answer.Status, answer.Body.GetProperty("status").GetString());

    private static async Task<int> CountAsync(ArtifactsHost h) =>
        (await h.Host.Services.GetRequiredService<WorkQueue>().GetStatsAsync(ArtifactsQueue.Name)).ByState.Values.Sum();
}
