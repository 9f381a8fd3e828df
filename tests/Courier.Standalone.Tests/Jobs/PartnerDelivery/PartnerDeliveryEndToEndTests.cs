using System.Globalization;
using System.Text.Json;
using Courier.Core.Credentials;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Drive;
using Courier.TestUtils.Azurite;

namespace Courier.Standalone.Tests.Jobs.PartnerDelivery;

/// <summary>
/// Partner delivery end to end: the twin of a Courier host on Azurite, Airtable and Drive stand-ins over loopback HTTP. Each
/// test has its own base, token, folders and tables.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PartnerDeliveryEndToEndTests(AzuriteFixture azurite, PartnerDeliverySandbox sandbox) : IClassFixture<PartnerDeliverySandbox>
{
    [Fact]
    public async Task Run_ReadyRecords_CopiesTreesWritesEveryFieldBackAndLeavesTheDeliveredOneAlone()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("src"), "Campaign cuts",
            PartnerDeliverySandbox.File(t.Id("f1"), "hero.mp4"),
            PartnerDeliverySandbox.Folder(t.Id("stills"), "stills",
                PartnerDeliverySandbox.File(t.Id("f2"), "still-01.png"),
                PartnerDeliverySandbox.Folder(t.Id("raw"), "raw", PartnerDeliverySandbox.File(t.Id("f3"), "still-01.cr3"))),
            new JsonObject { ["id"] = t.Id("link"), ["name"] = "brief (shortcut)", ["shortcutTargetId"] = t.Id("f1") }));
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.File(t.Id("single"), "logo.svg"));
        await sandbox.SeedBaseAsync(t.Base, t.Token,
            new JsonArray(
                PartnerDeliverySandbox.Asset("recNested", t.Id("src"), "B1"),
                PartnerDeliverySandbox.Asset("recFile", t.Id("single"), "B1"),
                PartnerDeliverySandbox.Asset("recNoBatch", t.Id("src"), "B-404"),
                PartnerDeliverySandbox.Asset("recDone", t.Id("src"), "B1", deliveredAt: "2026-01-05T09:00:00.000Z")),
            new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest"))));
        await using var host = await PartnerDeliveryHost.StartAsync(azurite, sandbox.Settings(t.Base, t.Token));

        var (status, report) = await PartnerDeliveryHost.RunAsync(host);

        Assert.Equal(200, status);
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.Equal((3, 2, 1, 0), (Int(report, "processed"), Int(report, "succeeded"), Int(report, "failed"), Int(report, "skipped")));
        var results = report["results"]!.AsArray().ToDictionary(r => r!["recordId"]!.GetValue<string>(), r => r!.AsObject());
        Assert.DoesNotContain("recDone", results.Keys);
        Assert.Equal("service_account", results["recNested"]["authMode"]!.GetValue<string>());

        // The nested tree is recreated under one new folder, every item tagged with its source and record.
        var dest = await sandbox.TreeAsync(t.Id("dest"));
        var top = dest["children"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Campaign cuts")!;
        Assert.Equal(["brief (shortcut)", "hero.mp4", "stills/", "stills/raw/", "stills/raw/still-01.cr3", "stills/still-01.png"], Paths(top));
        Assert.Equal(t.Id("src"), top["appProperties"]!["courierSource"]!.GetValue<string>());
        Assert.Equal("recNested", top["appProperties"]!["courierRecord"]!.GetValue<string>());
        Assert.Equal(t.Id("f1"), Child(top, "brief (shortcut)")["shortcutDetails"]!["targetId"]!.GetValue<string>());
        Assert.Equal(top["webViewLink"]!.GetValue<string>(), results["recNested"]["deliveredFolderUrl"]!.GetValue<string>());

        // Every field of spec §5.1 on the delivered rows.
        var nested = await sandbox.RecordAsync(t.Base, "recNested");
        Assert.True(nested["Delivered?"]!.GetValue<bool>());
        Assert.Equal("Delivered", nested["Delivery Status"]!.GetValue<string>());
        Assert.Equal(top["webViewLink"]!.GetValue<string>(), nested["Delivered Folder URL"]!.GetValue<string>());
        Assert.False(nested.ContainsKey("Ready to Deliver (Webhook)"));
        Assert.False(nested.ContainsKey("Delivery Error"));
        Assert.InRange(DateTimeOffset.Parse(nested["Delivered At"]!.GetValue<string>(), CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var file = await sandbox.RecordAsync(t.Base, "recFile");
        var copiedFile = dest["children"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "logo.svg")!;
        Assert.Equal(copiedFile["webViewLink"]!.GetValue<string>(), file["Delivered File URL"]!.GetValue<string>());
        Assert.Equal(copiedFile["webViewLink"]!.GetValue<string>(), results["recFile"]["deliveredFileUrl"]!.GetValue<string>());
        Assert.False(file.ContainsKey("Delivered Folder URL"));

        // The missing batch is an Error write-back with a readable message; the record stays ready for when the batch exists.
        var noBatch = await sandbox.RecordAsync(t.Base, "recNoBatch");
        Assert.Equal("Error", noBatch["Delivery Status"]!.GetValue<string>());
        Assert.Equal("Delivery batch 'B-404' was not found in Partner Delivery Batches.", noBatch["Delivery Error"]!.GetValue<string>());
        Assert.Equal(noBatch["Delivery Error"]!.GetValue<string>(), results["recNoBatch"]["error"]!.GetValue<string>());
        Assert.False(results["recNoBatch"]["ok"]!.GetValue<bool>());

        // The delivered record is untouched: never written, its fields as seeded.
        var calls = await sandbox.AirtableCallsAsync(t.Base);
        Assert.DoesNotContain(calls.Where(c => c.Route == AirtableEndpoints.UpdateKey), c => c.RecordIds.Contains("recDone"));
        var done = await sandbox.RecordAsync(t.Base, "recDone");
        Assert.Equal("2026-01-05T09:00:00.000Z", done["Delivered At"]!.GetValue<string>());
        Assert.False(done.ContainsKey("Delivered Folder URL"));

        // Three write-backs in one PATCH; all calls paced under the base's limit.
        Assert.Single(calls, c => c.Route == AirtableEndpoints.UpdateKey);
        Assert.All(calls, c => Assert.Equal(200, c.Status));
        Assert.Equal(3, Assert.Single(calls, c => c.Route == AirtableEndpoints.UpdateKey).RecordIds.Count);
    }

    [Fact]
    public async Task Run_BadInputs_EachGetsAnErrorWriteBackAndTheOthersProceed()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("src"), "Cuts", PartnerDeliverySandbox.File(t.Id("f1"), "a.mp4")));
        await sandbox.SeedBaseAsync(t.Base, t.Token,
            new JsonArray(
                PartnerDeliverySandbox.Asset("recGood", t.Id("src"), "B1"),
                PartnerDeliverySandbox.Asset("recNoSource", null, "B1"),
                PartnerDeliverySandbox.Asset("recNoDestination", t.Id("src"), "B2"),
                PartnerDeliverySandbox.Asset("recWrongType", null, "B1", sourceValue: 12345)),
            new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest")), PartnerDeliverySandbox.Batch("B2", null)));
        await using var host = await PartnerDeliveryHost.StartAsync(azurite, sandbox.Settings(t.Base, t.Token));

        var (_, report) = await PartnerDeliveryHost.RunAsync(host);
        var (_, again) = await PartnerDeliveryHost.RunAsync(host);

        Assert.Equal((4, 1, 3, 0), (Int(report, "processed"), Int(report, "succeeded"), Int(report, "failed"), Int(report, "skipped")));
        Assert.Equal("Delivered", (await sandbox.RecordAsync(t.Base, "recGood"))["Delivery Status"]!.GetValue<string>());
        Assert.Equal("Source Folder ID is empty.", await ErrorOf(t, "recNoSource"));
        Assert.Equal("Delivery batch 'B2' has no usable Destination Folder ID: Destination Folder ID is empty.", await ErrorOf(t, "recNoDestination"));
        Assert.Equal("Source Folder ID must be text, but Airtable holds a number.", await ErrorOf(t, "recWrongType"));

        // Unchanged bad inputs are not written again on the next run (they wait for a fix).
        Assert.Equal((3, 0, 0, 3), (Int(again, "processed"), Int(again, "succeeded"), Int(again, "failed"), Int(again, "skipped")));
        Assert.Single(await sandbox.AirtableCallsAsync(t.Base), c => c.Route == AirtableEndpoints.UpdateKey);
    }

    [Fact]
    public async Task Run_CredentialsFromTheVault_DeliversWithThem()
    {
        var t = Test.New();
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.Folder(t.Id("dest"), "Partner inbox"));
        await sandbox.SeedTreeAsync(PartnerDeliverySandbox.File(t.Id("f1"), "a.mov"));
        await sandbox.SeedBaseAsync(t.Base, t.Token, new JsonArray(PartnerDeliverySandbox.Asset("rec1", t.Id("f1"), "B1")), new JsonArray(PartnerDeliverySandbox.Batch("B1", t.Id("dest"))));
        var settings = sandbox.Settings(t.Base, t.Token);
        settings["Airtable:AccessToken"] = null;
        settings["Drive:CredentialJson"] = null;
        settings["PartnerDelivery:SiteId"] = t.Prefix;
        await using var host = await PartnerDeliveryHost.StartAsync(azurite, settings);
        var vault = host.Services.GetRequiredService<ProviderCredentialsService>();

        var (_, withoutCredentials) = await PartnerDeliveryHost.RunAsync(host);
        await vault.SaveAsync(t.Prefix, "airtable", JsonSerializer.SerializeToElement(new { access_token = t.Token }));
        await vault.SaveAsync(t.Prefix, "google_drive", JsonSerializer.SerializeToElement(new { service_account_json = sandbox.ServiceAccountJson }));
        var (_, report) = await PartnerDeliveryHost.RunAsync(host);

        Assert.False(withoutCredentials["ok"]!.GetValue<bool>());
        Assert.Contains("credentials_unavailable", withoutCredentials["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var result = Assert.Single(report["results"]!.AsArray())!;
        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.Equal("service_account", result["authMode"]!.GetValue<string>());
    }

    private async Task<string> ErrorOf(Test t, string record)
    {
        var fields = await sandbox.RecordAsync(t.Base, record);
        Assert.Equal("Error", fields["Delivery Status"]!.GetValue<string>());
        return fields["Delivery Error"]!.GetValue<string>();
    }

    internal static int Int(JsonObject report, string name) => report[name]!.GetValue<int>();

    internal static JsonObject Child(JsonNode folder, string name) => folder["children"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    /// <summary>The items under a folder of the control API's tree view, as sorted paths (folders end with '/').</summary>
    internal static List<string> Paths(JsonNode folder, string prefix = "")
    {
        var paths = new List<string>();
        foreach (var child in folder["children"]!.AsArray())
        {
            var isFolder = child!["mimeType"]!.GetValue<string>() == DriveErrors.FolderMimeType;
            var path = prefix + child["name"]!.GetValue<string>() + (isFolder ? "/" : "");
            paths.Add(path);
            if (isFolder) paths.AddRange(Paths(child, path));
        }

        return [.. paths.Order(StringComparer.Ordinal)];
    }

    /// <summary>One test's names: its base, token and a prefix for its Drive ids.</summary>
    internal sealed record Test(string Prefix)
    {
        public static Test New() => new("t" + Guid.NewGuid().ToString("N")[..10]);

        public string Base => "app" + Prefix;

        public string Token => "pat" + Prefix + ".secret";

        public string Id(string name) => $"{Prefix}-{name}";
    }
}
