using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;
using Courier.TestUtils.Azurite;
using static Courier.Standalone.Tests.Jobs.PartnerDelivery.PartnerDeliveryEndToEndTests;

namespace Courier.Standalone.Tests.Jobs.PartnerDelivery;

/// <summary>Airtable's 5 requests a second per base and Drive refusing one call in five: a big delivery still completes, with nothing copied twice.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PartnerDeliveryRateLimitTests(AzuriteFixture azurite, PartnerDeliverySandbox sandbox) : IClassFixture<PartnerDeliverySandbox>
{
    private const int Records = 20;
    private const int FilesPerRecord = 10;

    [Fact]
    public async Task Run_TwoHundredFilesWithDriveRefusingOneCallInFive_CompletesWithNoDuplicate()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        var assets = new JsonArray();
        for (var r = 0; r < Records; r++)
        {
            var files = Enumerable.Range(0, FilesPerRecord / 2).Select(i => PartnerDeliverySandbox.File(t.Id($"r{r}f{i}"), $"shot-{i}.mov")).ToArray();
            var deeper = Enumerable.Range(FilesPerRecord / 2, FilesPerRecord / 2).Select(i => PartnerDeliverySandbox.File(t.Id($"r{r}f{i}"), $"shot-{i}.mov")).ToArray();
            await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id($"r{r}"), $"Asset {r:D2}", [.. files, PartnerDeliverySandbox.Folder(t.Id($"r{r}sub"), "alternates", deeper)]));
            assets.Add(PartnerDeliverySandbox.Asset($"rec{r:D2}", t.Id($"r{r}"), "B1"));
        }

        await sandbox.SeedBaseAsync(t.Base, t.Token, assets, new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest"))));
        var settings = sandbox.Settings(t.Base, t.Token);
        settings["PartnerDelivery:DriveAttempts"] = "12";
        await using var host = await PartnerDeliveryHost.StartAsync(azurite, settings);
        foreach (var (route, seed) in new[] { (DriveEndpoints.CopyKey, 11), (DriveEndpoints.CreateKey, 12), (DriveEndpoints.ListKey, 13) })
        {
            // A status fault without a body gets Drive's 403 userRateLimitExceeded.
            await sandbox.Control.AddFaultAsync(new FaultSpec { Route = route, Status = 403, Rate = 0.2, Seed = seed });
        }

        try
        {
            var (status, report) = await PartnerDeliveryHost.RunAsync(host);
            var faults = await sandbox.Http.GetFromJsonAsync<JsonArray>("_sandbox/faults");

            Assert.Equal(200, status);
            Assert.Equal((Records, Records, 0, 0), (Int(report, "processed"), Int(report, "succeeded"), Int(report, "failed"), Int(report, "skipped")));
            Assert.All(faults!, f => Assert.True(f!["applied"]!.GetValue<int>() > 0));

            // Every file copied exactly once, whatever was refused on the way.
            var copies = await sandbox.DriveWritesAsync(c => c.Route == DriveEndpoints.CopyKey && c.Status == 200 && c.SourceId!.StartsWith(t.Prefix, StringComparison.Ordinal));
            Assert.Equal(Records * FilesPerRecord, copies.Count);
            Assert.Equal(copies.Count, copies.Select(c => c.SourceId).Distinct().Count());
            Assert.Contains(await sandbox.DriveWritesAsync(c => c.Route == DriveEndpoints.CopyKey && c.Status == 403 && c.SourceId!.StartsWith(t.Prefix, StringComparison.Ordinal)), c => c.Error == "userRateLimitExceeded");

            // The destination holds each asset once, each with its ten files: no duplicate anywhere.
            var dest = await sandbox.TreeAsync(t.Id("dest"));
            Assert.Equal(Records, dest["children"]!.AsArray().Count);
            foreach (var top in dest["children"]!.AsArray())
            {
                var paths = Paths(top!);
                Assert.Equal(FilesPerRecord + 1, paths.Count);
                Assert.Equal(paths.Count, paths.Distinct().Count());
            }

            // Airtable: paced under 5 a second, so never refused; write-backs in batches of ten.
            var calls = await sandbox.AirtableCallsAsync(t.Base);
            Assert.All(calls, c => Assert.Equal(200, c.Status));
            Assert.Equal([10, 10], calls.Where(c => c.Route == AirtableEndpoints.UpdateKey).Select(c => c.RecordIds.Count));
        }
        finally
        {
            await sandbox.Control.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task Run_AirtableAnswers429OnTheWriteBack_WaitsAndWritesAgainInTheSameRun()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.File(t.Id("f1"), "a.mov"));
        await sandbox.SeedBaseAsync(t.Base, t.Token, new JsonArray(PartnerDeliverySandbox.Asset("rec1", t.Id("f1"), "B1")), new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest"))));
        var settings = sandbox.Settings(t.Base, t.Token);
        settings["Airtable:RateLimitWait"] = "00:00:01";
        await using var host = await PartnerDeliveryHost.StartAsync(azurite, settings);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = AirtableEndpoints.UpdateKey, Status = 429, Count = 1, PathContains = t.Base });

        var (_, report) = await PartnerDeliveryHost.RunAsync(host);

        var result = Assert.Single(report["results"]!.AsArray())!;
        Assert.True(result["ok"]!.GetValue<bool>());
        var updates = (await sandbox.AirtableCallsAsync(t.Base)).Where(c => c.Route == AirtableEndpoints.UpdateKey).ToList();
        Assert.Equal([429, 200], updates.Select(c => c.Status));
    }
}
