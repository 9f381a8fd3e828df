using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;

namespace Courier.Core.Tests.Jobs.Artifacts;

public sealed class ArtifactsQueueTests
{
    private readonly ArtifactsHarness _h = new();

    [Fact]
    public async Task Request_New_QueuesPendingWithTheListingItSaw()
    {
        var files = _h.SeedNestedProject();

        var result = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        Assert.True(result.Queued);
        Assert.Equal("PENDING", ArtifactsQueue.StateNames[result.Item!.State]);
        var payload = ArtifactsQueue.PayloadOf(result.Item);
        Assert.Equal((files.Count, files.Values.Sum(f => (long)f.Length)), (payload.FileCount, payload.TotalBytes));
        Assert.Matches("^a[0-9a-f]{32}$", result.Item.Id);
    }

    [Fact]
    public async Task Request_UnknownProject_StoresNothing()
    {
        _h.SeedNestedProject();

        var result = await _h.Queue.RequestAsync("no-such-project", "");

        Assert.True(result.ProjectUnknown);
        Assert.Equal(0, (await _h.WorkQueue.GetStatsAsync(ArtifactsQueue.Name)).ByState.Values.Sum());
    }

    [Fact]
    public async Task Request_SameMediaWhilePendingGeneratingOrReady_ReturnsTheSameArtifactAndGeneratesOnce()
    {
        _h.SeedNestedProject();
        var first = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        var whilePending = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        await _h.RunAsync();
        var whenReady = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        var run = ArtifactsHarness.Body(await _h.RunAsync());

        Assert.Equal((first.Item!.Id, false), (whilePending.Item!.Id, whilePending.Queued));
        Assert.Equal((first.Item.Id, false, QueueState.Completed), (whenReady.Item!.Id, whenReady.Queued, whenReady.Item.State));
        Assert.Equal(0, run.Processed);
        Assert.Single(_h.Archives.Committed);
    }

    [Fact]
    public async Task Request_WhileGenerating_ReturnsTheGeneratingArtifact()
    {
        _h.SeedNestedProject();
        var first = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        await _h.WorkQueue.ClaimDueAsync(ArtifactsQueue.Name, "other-run", 1, TimeSpan.FromMinutes(2));

        var again = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        Assert.Equal((first.Item!.Id, false, "GENERATING"), (again.Item!.Id, again.Queued, ArtifactsQueue.StateNames[again.Item.State]));
    }

    [Theory]
    [InlineData("add")]
    [InlineData("rewrite")]
    [InlineData("delete")]
    public async Task Request_MediaChangedAfterReady_QueuesANewArtifact(string change)
    {
        _h.SeedNestedProject();
        var first = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        await _h.RunAsync();
        switch (change)
        {
            case "add": _h.Media.Put($"{ArtifactsHarness.Project}/photos/new.jpg", [1, 2, 3]); break;
            case "rewrite": _h.Media.Put($"{ArtifactsHarness.Project}/readme.txt", _h.Media.Content($"{ArtifactsHarness.Project}/readme.txt")); break;
            default: _h.Media.Delete($"{ArtifactsHarness.Project}/readme.txt"); break;
        }

        var second = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        Assert.True(second.Queued);
        Assert.NotEqual(first.Item!.Id, second.Item!.Id);
    }

    [Fact]
    public async Task Request_DifferentFolders_AreDifferentArtifacts()
    {
        _h.SeedNestedProject();

        var all = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        var photos = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "photos/");

        Assert.NotEqual(all.Item!.Id, photos.Item!.Id);
    }

    [Fact]
    public async Task Request_AfterFailed_RedrivesItToPendingWithAFreshAttemptBudget()
    {
        _h.SeedNestedProject();
        var first = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");
        var claimed = (await _h.WorkQueue.ClaimDueAsync(ArtifactsQueue.Name, "run", 1, TimeSpan.FromMinutes(2)))[0];
        await _h.WorkQueue.FailAsync(claimed, "STORAGE_FORBIDDEN: nope");

        var again = await _h.Queue.RequestAsync(ArtifactsHarness.Project, "");

        Assert.Equal((first.Item!.Id, true, "PENDING", 1), (again.Item!.Id, again.Queued, ArtifactsQueue.StateNames[again.Item.State], again.Item.Redrives));
    }
}
