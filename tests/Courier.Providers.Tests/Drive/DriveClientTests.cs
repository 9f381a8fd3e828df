using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Core.Errors;
using Courier.Providers.Drive;
using Courier.Providers.Google;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;

namespace Courier.Providers.Tests.Drive;

public sealed class DriveClientTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime, IDisposable
{
    private const string Shared = "0AsharedDrive";
    private static readonly Dictionary<string, string> NoTags = [];

    private readonly ServiceProvider services = DeliveryProviderServices.Build(sandbox.BaseAddress, new Dictionary<string, string?> { ["Drive:PageSize"] = "2" });
    private readonly DriveCredentials credentials = new(DeliveryProviderServices.ServiceAccountJson());

    private IDriveClient Client => services.GetRequiredService<IDriveClient>();

    public async Task InitializeAsync()
    {
        await sandbox.Control.ResetAsync();
        (await sandbox.Http.PostAsJsonAsync("_sandbox/drive/drives", new { id = Shared, name = "Partners" })).EnsureSuccessStatusCode();
        var tree = new JsonObject
        {
            ["parentId"] = Shared,
            ["root"] = new JsonObject
            {
                ["id"] = "src",
                ["name"] = "Source",
                ["children"] = new JsonArray(
                    new JsonObject { ["id"] = "f1", ["name"] = "a.mp4" },
                    new JsonObject { ["id"] = "f2", ["name"] = "b.png" },
                    new JsonObject { ["id"] = "f3", ["name"] = "it's.txt" },
                    new JsonObject { ["id"] = "sub", ["name"] = "Sub", ["children"] = new JsonArray() }),
            },
        };
        (await sandbox.Http.PostAsJsonAsync("_sandbox/drive/tree", tree)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => services.Dispose();

    [Fact]
    public async Task ListAsync_ChildrenInSharedDriveOverSeveralPages_ReturnsAllWithTheirFields()
    {
        var items = await Client.ListAsync(credentials, DriveQueryText.ChildrenOf("src"), CancellationToken.None);

        Assert.Equal(["a.mp4", "b.png", "it's.txt", "Sub"], items.Select(i => i.Name));
        Assert.True(items[3].IsFolder);
        Assert.All(items, i => Assert.Equal("src", i.ParentId));
        Assert.All(items, i => Assert.Equal(Shared, i.DriveId));
        Assert.StartsWith("https://drive.google.com/", items[0].WebViewLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ChildrenOfSeveralFoldersInOneQuery_EachItemNamesItsParent()
    {
        var other = await Client.CreateFolderAsync(credentials, Shared, "Other", NoTags, CancellationToken.None);
        await Client.CopyAsync(credentials, "f1", other.Id, "copy.mp4", NoTags, CancellationToken.None);

        var items = await Client.ListAsync(credentials, DriveQueryText.ChildrenOfAny(["src", other.Id, "sub"]), CancellationToken.None);

        Assert.Equal(
            [("src", "Sub"), ("src", "a.mp4"), ("src", "b.png"), ("src", "it's.txt"), (other.Id, "copy.mp4")],
            items.Select(i => (i.ParentId, i.Name)).OrderBy(i => i.ParentId == "src" ? 0 : 1).ThenBy(i => i.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateFolderAndCopy_WithTags_AreFoundAgainByTheirTag()
    {
        var folder = await Client.CreateFolderAsync(credentials, Shared, "Delivery", new Dictionary<string, string> { ["courierSource"] = "src" }, CancellationToken.None);
        var copy = await Client.CopyAsync(credentials, "f3", folder.Id, "it's.txt", new Dictionary<string, string> { ["courierSource"] = "f3" }, CancellationToken.None);

        var found = await Client.ListAsync(credentials, DriveQueryText.TaggedChildrenOf(folder.Id, "courierSource", "f3"), CancellationToken.None);
        var ledger = await sandbox.Control.GetLedgerAsync<DriveCall>(DriveEndpoints.LedgerName);

        Assert.Equal($"https://drive.google.com/drive/folders/{folder.Id}", folder.WebViewLink);
        Assert.Equal(copy.Id, Assert.Single(found).Id);
        Assert.Equal("f3", copy.AppProperties["courierSource"]);
        Assert.Equal([DriveEndpoints.CreateKey, DriveEndpoints.CopyKey], ledger.Select(c => c.Route));
        Assert.Equal(DeliveryProviderServices.ClientEmail, ledger[0].User);
    }

    [Fact]
    public async Task CreateShortcutAsync_PointsAtTheTarget()
    {
        var shortcut = await Client.CreateShortcutAsync(credentials, "sub", "a link", "f1", NoTags, CancellationToken.None);

        Assert.True(shortcut.IsShortcut);
        Assert.Equal("f1", shortcut.ShortcutTargetId);
    }

    [Fact]
    public async Task CopyAsync_Folder_IsPermanentCannotCopyFile()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.CopyAsync(credentials, "sub", Shared, "x", NoTags, CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("cannotCopyFile", e.Error.Code);
    }

    [Fact]
    public async Task GetAsync_Missing_IsPermanentNotFound()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.GetAsync(credentials, "nope", CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("notFound", e.Error.Code);
        Assert.Equal("File not found: nope.", e.Error.Message);
    }

    [Fact]
    public async Task CopyAsync_InjectedUserRateLimit_IsTransientAndNothingWasCopied()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = DriveEndpoints.CopyKey, Status = 403, Count = 1 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.CopyAsync(credentials, "f1", Shared, "a.mp4", NoTags, CancellationToken.None));
        var ledger = await sandbox.Control.GetLedgerAsync<DriveCall>(DriveEndpoints.LedgerName);

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Equal("userRateLimitExceeded", e.Error.Code);
        Assert.Null(Assert.Single(ledger).FileId);
    }

    [Fact]
    public async Task Calls_AfterGoogleRevokedTheToken_FetchANewOneOnceAndSucceed()
    {
        await Client.GetAsync(credentials, "f1", CancellationToken.None);
        (await sandbox.Http.PostAsync("_sandbox/google/revoke-access-tokens", null)).EnsureSuccessStatusCode();

        var item = await Client.GetAsync(credentials, "f1", CancellationToken.None);

        Assert.Equal("a.mp4", item.Name);
    }

    [Fact]
    public async Task Calls_WithAnUnusableCredentialJson_ArePermanentAndHeld()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.GetAsync(new DriveCredentials("""{"type":"authorized_user"}"""), "f1", CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal(DriveAccountReasons.CredentialsInvalid, e.Error.HoldReason);
    }

    [Theory]
    [InlineData("""{"type":"service_account"}""", "service_account")]
    [InlineData("""{"type":"external_account","audience":"x"}""", "workload_identity")]
    [InlineData("not json", "unknown")]
    public void AuthModeOf_CredentialType_NamesTheMode(string json, string mode) =>
        Assert.Equal(mode, GoogleCredentialTokenSource.AuthModeOf(json));
}
