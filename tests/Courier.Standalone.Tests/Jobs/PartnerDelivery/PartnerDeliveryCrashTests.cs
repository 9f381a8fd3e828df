using System.Text.Json.Nodes;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;
using Courier.TestUtils.Azurite;
using static Courier.Standalone.Tests.Jobs.PartnerDelivery.PartnerDeliveryEndToEndTests;

namespace Courier.Standalone.Tests.Jobs.PartnerDelivery;

/// <summary>Resuming after a stop: the copy tags and the ledger make a later run (on another host) finish the job without copying anything twice.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PartnerDeliveryCrashTests(AzuriteFixture azurite, PartnerDeliverySandbox sandbox) : IClassFixture<PartnerDeliverySandbox>
{
    [Fact]
    public async Task Run_StoppedAfterHalfTheTree_NextRunOnAnotherHostCopiesOnlyTheRest()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        var early = Enumerable.Range(1, 6).Select(i => PartnerDeliverySandbox.File(t.Id($"early{i}"), $"early-{i}.mov")).ToArray();
        var late = Enumerable.Range(1, 6).Select(i => PartnerDeliverySandbox.File(t.Id($"late{i}"), $"late-{i}.mov")).ToArray();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("src"), "Shoot",
            [.. early, PartnerDeliverySandbox.Folder(t.Id("sub"), "selects", [.. late])]));
        await sandbox.SeedBaseAsync(t.Base, t.Token, new JsonArray(PartnerDeliverySandbox.Asset("rec1", t.Id("src"), "B1")), new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest"))));
        var settings = sandbox.Settings(t.Base, t.Token);
        settings["PartnerDelivery:DriveAttempts"] = "2";
        var prefix = AzuriteFixture.NewTablePrefix();

        // Drive stops taking copies of the second half: the run ends with half the tree copied and the record waiting.
        var stop = await sandbox.Control.AddFaultAsync(new FaultSpec { Route = DriveEndpoints.CopyKey, Status = 503, PathContains = $"/{t.Prefix}-late" });
        JsonObject first;
        await using (var crashed = await PartnerDeliveryHost.StartAsync(azurite, new Dictionary<string, string?>(settings), prefix))
        {
            (_, first) = await PartnerDeliveryHost.RunAsync(crashed);
        }

        await sandbox.Control.ClearFaultsAsync(DriveEndpoints.CopyKey);
        var copiedFirst = await CopiedSourcesAsync(t);
        var writeBacksAfterFirst = (await sandbox.AirtableCallsAsync(t.Base)).Count(c => c.Route == AirtableEndpoints.UpdateKey);
        await using var next = await PartnerDeliveryHost.StartAsync(azurite, new Dictionary<string, string?>(settings), prefix);
        var (_, second) = await PartnerDeliveryHost.RunAsync(next);
        var copiedAll = await CopiedSourcesAsync(t);

        Assert.NotNull(stop);
        var waiting = Assert.Single(first["results"]!.AsArray())!;
        Assert.True(waiting["waiting"]!.GetValue<bool>());
        Assert.Equal((1, 0, 0, 1), (Int(first, "processed"), Int(first, "succeeded"), Int(first, "failed"), Int(first, "skipped")));
        Assert.Equal([.. early.Select(f => f["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)], copiedFirst);
        Assert.Equal(0, writeBacksAfterFirst);

        var done = Assert.Single(second["results"]!.AsArray())!;
        Assert.True(done["ok"]!.GetValue<bool>());
        Assert.Null(done["idempotent"]);
        Assert.Equal(12, copiedAll.Count);
        Assert.Equal(copiedAll.Count, copiedAll.Distinct().Count());
        var top = Child(await sandbox.TreeAsync(t.Id("dest")), "Shoot");
        Assert.Equal(13, Paths(top).Count);
        Assert.Single((await sandbox.TreeAsync(t.Id("dest")))["children"]!.AsArray());
        Assert.Equal("Delivered", (await sandbox.RecordAsync(t.Base, "rec1"))["Delivery Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_WriteBackFailedAfterAFinishedCopy_NextRunCopiesNothingAndReportsIdempotent()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("src"), "Shoot",
            PartnerDeliverySandbox.File(t.Id("f1"), "a.mov"), PartnerDeliverySandbox.Folder(t.Id("sub"), "b", PartnerDeliverySandbox.File(t.Id("f2"), "c.mov"))));
        await sandbox.SeedBaseAsync(t.Base, t.Token, new JsonArray(PartnerDeliverySandbox.Asset("rec1", t.Id("src"), "B1")), new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest"))));
        await using var host = await PartnerDeliveryHost.StartAsync(azurite, sandbox.Settings(t.Base, t.Token));
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = AirtableEndpoints.UpdateKey, Status = 503, PathContains = t.Base });

        var (_, first) = await PartnerDeliveryHost.RunAsync(host);
        await sandbox.Control.ClearFaultsAsync(AirtableEndpoints.UpdateKey);
        var writesAfterFirst = (await DriveWritesAsync(t)).Count;
        var (_, second) = await PartnerDeliveryHost.RunAsync(host);

        var waiting = Assert.Single(first["results"]!.AsArray())!;
        Assert.True(waiting["waiting"]!.GetValue<bool>());
        Assert.Contains("write-back failed", waiting["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, writesAfterFirst);
        Assert.Equal(writesAfterFirst, (await DriveWritesAsync(t)).Count);
        var done = Assert.Single(second["results"]!.AsArray())!;
        Assert.True(done["ok"]!.GetValue<bool>());
        Assert.True(done["idempotent"]!.GetValue<bool>());
        Assert.Equal("service_account", done["authMode"]!.GetValue<string>());
        var fields = await sandbox.RecordAsync(t.Base, "rec1");
        Assert.Equal(done["deliveredFolderUrl"]!.GetValue<string>(), fields["Delivered Folder URL"]!.GetValue<string>());
        Assert.True(fields["Delivered?"]!.GetValue<bool>());
    }

    /// <summary>The source ids of this test's successful copies, sorted.</summary>
    private async Task<List<string>> CopiedSourcesAsync(Test t) =>
        [.. (await sandbox.DriveWritesAsync(c => c.Route == DriveEndpoints.CopyKey && c.Status == 200 && c.SourceId!.StartsWith(t.Prefix, StringComparison.Ordinal)))
            .Select(c => c.SourceId!).Order(StringComparer.Ordinal)];

    /// <summary>This test's successful creates and copies (tagged with one of its source ids).</summary>
    private async Task<IReadOnlyList<DriveCall>> DriveWritesAsync(Test t) =>
        await sandbox.DriveWritesAsync(c => c.Status == 200 && c.AppProperties is { } p && p.TryGetValue("courierSource", out var s) && s.StartsWith(t.Prefix, StringComparison.Ordinal));
}
