using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;

namespace Courier.Sandbox.Tests.Drive;

public sealed class DriveEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Folder = "application/vnd.google-apps.folder";
    private readonly DriveTestClient drive = new(sandbox.Http);

    public Task InitializeAsync() => sandbox.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Q(string q) => Uri.EscapeDataString(q);

    [Fact]
    public async Task List_ChildrenQueryWithFields_ReturnsOnlyMatchingItemsAndSelectedFields()
    {
        await drive.SeedAsync(DriveTestClient.Folder("src", DriveTestClient.File("a.txt", "fileA"), DriveTestClient.Folder("sub", DriveTestClient.File("b.txt"))) .Also(n => n["id"] = "src"));

        var (status, body) = await drive.GetAsync($"drive/v3/files?q={Q("'src' in parents and trashed = false and mimeType != '" + Folder + "'")}&fields={Q("nextPageToken, files(id, name, webViewLink)")}");

        Assert.Equal(200, status);
        var file = Assert.Single(body["files"]!.AsArray());
        Assert.Equal("""{"id":"fileA","name":"a.txt","webViewLink":"https://drive.google.com/file/d/fileA/view?usp=drivesdk"}""", Sorted(file!));
        Assert.Null(body["nextPageToken"]);
    }

    [Fact]
    public async Task List_AppPropertiesHas_FindsTheTaggedCopy()
    {
        await drive.SeedAsync(DriveTestClient.Folder("dest").Also(n => n["id"] = "dest"));
        await drive.SeedAsync(DriveTestClient.File("x.txt", "srcFile"));
        await drive.PostAsync("drive/v3/files/srcFile/copy?fields=id", new JsonObject { ["name"] = "x.txt", ["parents"] = new JsonArray("dest"), ["appProperties"] = new JsonObject { ["courierSource"] = "srcFile" } });

        var (_, body) = await drive.GetAsync($"drive/v3/files?q={Q("'dest' in parents and appProperties has { key='courierSource' and value='srcFile' } and trashed = false")}&fields={Q("files(id,appProperties)")}");

        var copy = Assert.Single(body["files"]!.AsArray());
        Assert.Equal("srcFile", copy!["appProperties"]!["courierSource"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_PageSizeSmallerThanResult_PagesWithNextPageToken()
    {
        await drive.SeedAsync(DriveTestClient.Folder("p", [.. Enumerable.Range(1, 5).Select(i => DriveTestClient.File($"f{i}"))]).Also(n => n["id"] = "p"));

        var names = new List<string>();
        string? token = null;
        do
        {
            var (status, body) = await drive.GetAsync($"drive/v3/files?q={Q("'p' in parents")}&pageSize=2&fields={Q("nextPageToken,files(name)")}" + (token is null ? "" : "&pageToken=" + Q(token)));
            Assert.Equal(200, status);
            names.AddRange(body["files"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
            token = body["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(["f1", "f2", "f3", "f4", "f5"], names);
    }

    [Fact]
    public async Task List_BadQuery_Returns400InvalidOnQ()
    {
        var (status, body) = await drive.GetAsync($"drive/v3/files?q={Q("starred = maybe")}");

        Assert.Equal(400, status);
        Assert.Equal("invalid", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("q", body["error"]!["errors"]![0]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task SharedDriveItems_WithoutAllDrivesFlags_AreNotFoundOrNotListed()
    {
        await drive.SharedDriveAsync("0Ashared");
        await drive.SeedAsync(DriveTestClient.File("s.txt", "sharedFile"), parentId: "0Ashared");

        var (getStatus, getBody) = await drive.GetAsync("drive/v3/files/sharedFile");
        var (getAll, _) = await drive.GetAsync("drive/v3/files/sharedFile?supportsAllDrives=true");
        var (_, listed) = await drive.GetAsync($"drive/v3/files?q={Q("'0Ashared' in parents")}");
        var (_, listedAll) = await drive.GetAsync($"drive/v3/files?q={Q("'0Ashared' in parents")}&supportsAllDrives=true&includeItemsFromAllDrives=true");
        var (copyStatus, _) = await drive.PostAsync("drive/v3/files/sharedFile/copy", new JsonObject { ["parents"] = new JsonArray("0Ashared") });

        Assert.Equal(404, getStatus);
        Assert.Equal("File not found: sharedFile.", getBody["error"]!["message"]!.GetValue<string>());
        Assert.Equal(200, getAll);
        Assert.Empty(listed["files"]!.AsArray());
        Assert.Single(listedAll["files"]!.AsArray());
        Assert.Equal(404, copyStatus);
    }

    [Fact]
    public async Task Create_FolderWithAppProperties_IsRecordedInTheLedgerWithItsLink()
    {
        await drive.SharedDriveAsync("0Ashared");

        var (status, body) = await drive.PostAsync("drive/v3/files?supportsAllDrives=true&fields=id,name,webViewLink,appProperties", new JsonObject
        {
            ["name"] = "Delivery",
            ["mimeType"] = Folder,
            ["parents"] = new JsonArray("0Ashared"),
            ["appProperties"] = new JsonObject { ["courierSource"] = "src1" },
        });
        var entry = Assert.Single(await sandbox.Control.GetLedgerAsync<DriveCall>(DriveEndpoints.LedgerName));

        Assert.Equal(200, status);
        var id = body["id"]!.GetValue<string>();
        Assert.Equal($"https://drive.google.com/drive/folders/{id}", body["webViewLink"]!.GetValue<string>());
        Assert.Equal(DriveEndpoints.CreateKey, entry.Route);
        Assert.Equal(id, entry.FileId);
        Assert.Equal("src1", entry.AppProperties!["courierSource"]);
    }

    [Fact]
    public async Task Copy_Folder_Returns403CannotCopyFile()
    {
        await drive.SeedAsync(DriveTestClient.Folder("f").Also(n => n["id"] = "folder1"));

        var (status, body) = await drive.PostAsync("drive/v3/files/folder1/copy", new JsonObject { ["name"] = "x" });

        Assert.Equal(403, status);
        Assert.Equal("cannotCopyFile", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Copy_IntoReadOnlyFolder_Returns403InsufficientFilePermissions()
    {
        await drive.SeedAsync(DriveTestClient.File("a", "fileA"));
        await drive.SeedAsync(new JsonObject { ["id"] = "locked", ["name"] = "locked", ["children"] = new JsonArray(), ["canAddChildren"] = false });

        var (status, body) = await drive.PostAsync("drive/v3/files/fileA/copy", new JsonObject { ["parents"] = new JsonArray("locked") });

        Assert.Equal(403, status);
        Assert.Equal("insufficientFilePermissions", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Copy_WithSeededRateFault_FailsAboutOneInFiveWithUserRateLimitExceeded()
    {
        await drive.SeedAsync(DriveTestClient.File("a", "fileA"));
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = DriveEndpoints.CopyKey, Status = 403, Rate = 0.2, Seed = 7 });

        var statuses = new List<int>();
        JsonObject? refused = null;
        for (var i = 0; i < 50; i++)
        {
            var (status, body) = await drive.PostAsync("drive/v3/files/fileA/copy?fields=id", new JsonObject { ["name"] = $"c{i}" });
            statuses.Add(status);
            refused = status == 403 ? body : refused;
        }

        Assert.InRange(statuses.Count(s => s == 403), 4, 18);
        Assert.Equal("userRateLimitExceeded", refused!["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("usageLimits", refused["error"]!["errors"]![0]!["domain"]!.GetValue<string>());
    }

    [Fact]
    public async Task Calls_WithoutDriveScope_Answer403InsufficientPermissions()
    {
        var sheetsOnly = await drive.TokenAsync("https://www.googleapis.com/auth/spreadsheets");

        var (status, _) = await drive.GetAsync("drive/v3/files", sheetsOnly);
        var (missing, _) = await drive.GetAsync("drive/v3/files", "not-issued");

        Assert.Equal(403, status);
        Assert.Equal(401, missing);
    }

    private static string Sorted(JsonNode node) =>
        new JsonObject([.. node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))]).ToJsonString();
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
