using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Hosting.Jobs.PartnerDelivery;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Support;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Drive;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>
/// Partner delivery with the storm on one of its two providers: Airtable's record updates (the write-back of Delivered) or
/// Drive's file copies. Items are ready Airtable records (no Courier queue), each with a one-file source folder; an item has
/// ended when Airtable shows Delivered. The side effect that must happen once is the Drive copy per source file (an Airtable
/// update is a field write: sent again after an unknown outcome it changes nothing).
/// </summary>
public sealed class PartnerDeliveryStorm(string provider) : StormJob
{
    private const string Assets = ReliabilitySandbox.Assets;
    private readonly string _tag = "pd" + Guid.NewGuid().ToString("N")[..10];

    private string BaseId => "app" + _tag;

    private string SharedDrive => "0A" + _tag;

    public override string Job => PartnerDeliveryJob.Name;

    public override string Target => provider;

    public override string Route => provider == "airtable" ? AirtableEndpoints.UpdateKey : DriveEndpoints.CopyKey;

    /// <summary>Airtable paths name the base; Drive copy paths name the source file (its id starts with the tag).</summary>
    public override string PathContains => provider == "airtable" ? BaseId : _tag;

    public override Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SandboxHost sandbox, FakeTimeProvider time)
    {
        var settings = sandbox.AllProviderSettings();
        settings["environment"] = "Development";
        settings["ProviderHttp:MaxRetries"] = "0";
        settings["Drive:CredentialJson"] = ReliabilitySandbox.ServiceAccountJson("delivery-" + _tag + "@courier-reliability.iam.gserviceaccount.com");
        settings["PartnerDelivery:BaseId"] = BaseId;
        settings["Airtable:AccessToken"] = "pat" + _tag + ".SECRET";
        settings["Airtable:RequestsPerSecondPerBase"] = "50";
        // Every retry goes to the next run (every 5 minutes): an in-run back-off would wait on the fake clock.
        settings["PartnerDelivery:DriveAttempts"] = "1";
        return StormHosts.StartAsync(azurite, settings, (services, configuration) => services.AddPartnerDelivery(configuration), time);
    }

    public override async Task SetupAsync(CourierTestHost host, SandboxHost sandbox, FakeTimeProvider time, int items)
    {
        KnownSecrets.Register("pat" + _tag + ".SECRET");
        await PostAsync(sandbox, "_sandbox/drive/drives", new JsonObject { ["id"] = SharedDrive, ["name"] = "Partners " + _tag });
        await PostAsync(sandbox, "_sandbox/drive/tree", new JsonObject
        {
            ["parentId"] = SharedDrive,
            ["root"] = new JsonObject { ["id"] = _tag + "-dest", ["name"] = "Partner inbox", ["children"] = new JsonArray() },
        });
        await PostAsync(sandbox, "_sandbox/airtable/quota", new JsonObject { ["requestsPerSecondPerBase"] = 50 });
        var records = new JsonArray();
        for (var i = 0; i < items; i++)
        {
            await PostAsync(sandbox, "_sandbox/drive/tree", new JsonObject
            {
                ["parentId"] = SharedDrive,
                ["root"] = new JsonObject { ["id"] = $"{_tag}-{i}-src", ["name"] = $"Shoot {i}", ["children"] = new JsonArray(new JsonObject { ["id"] = FileId(i), ["name"] = "a.mov" }) },
            });
            records.Add(new JsonObject
            {
                ["id"] = $"rec{_tag}{i}",
                ["fields"] = new JsonObject { ["Name"] = $"asset {i}", ["Ready to Deliver (Webhook)"] = true, ["Source Folder ID"] = $"{_tag}-{i}-src", ["Delivery Batch ID"] = "B1" },
            });
        }

        await PostAsync(sandbox, "_sandbox/airtable/bases", new JsonObject
        {
            ["baseId"] = BaseId,
            ["token"] = "pat" + _tag + ".SECRET",
            ["tables"] = new JsonArray(
                new JsonObject { ["name"] = Assets, ["fieldTypes"] = AssetTypes(), ["records"] = records },
                new JsonObject
                {
                    ["name"] = ReliabilitySandbox.Batches,
                    ["fieldTypes"] = new JsonObject { ["Batch ID"] = "singleLineText", ["Destination Folder ID"] = "singleLineText" },
                    ["records"] = new JsonArray(new JsonObject { ["id"] = "recB1", ["fields"] = new JsonObject { ["Batch ID"] = "B1", ["Destination Folder ID"] = _tag + "-dest" } }),
                }),
        });
    }

    public override Task<(int Status, string Body)> RunAsync(CourierTestHost host) => StormHosts.SendAsync(host, "/" + PartnerDeliveryJob.TwinRoute, TestSecrets.Deliveries, null);

    /// <summary>Retry-After applies to the whole base (Airtable) or the service account (Drive): one key per storm.</summary>
    public override async Task<IReadOnlyList<StormCall>> CallsAsync(SandboxHost sandbox) => provider == "airtable"
        ? [.. (await sandbox.Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName)).Where(c => c.Route == Route && c.BaseId == BaseId).OrderBy(c => c.Sequence).Select(c => new StormCall(BaseId, c.Status, c.Fault))]
        : [.. (await Copies(sandbox)).Select(c => new StormCall(SharedDrive, c.Status, c.Fault))];

    /// <summary>Copies that took effect per source file (a copy whose answer was lost still made its file).</summary>
    public override async Task<IReadOnlyDictionary<string, int>> SideEffectsAsync(SandboxHost sandbox) =>
        (await Copies(sandbox)).Where(c => c.FileId is not null).GroupBy(c => c.SourceId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Delivered (with its date) is completed, Error is failed, anything else still waits.</summary>
    public override async Task<StormProgress> ProgressAsync(CourierTestHost host, SandboxHost sandbox)
    {
        var records = (await sandbox.Http.GetFromJsonAsync<JsonObject>($"_sandbox/airtable/bases/{BaseId}/tables/{Uri.EscapeDataString(Assets)}/records"))!["records"]!.AsArray()
            .Select(r => r!["fields"]!.AsObject()).ToList();
        var delivered = records.Count(f => f["Delivery Status"]?.ToString() == "Delivered" && f["Delivered At"] is not null);
        var failed = records.Count(f => f["Delivery Status"]?.ToString() == "Error");
        return new StormProgress(delivered, failed, 0, records.Count - delivered - failed);
    }

    /// <summary>The job's schedule: every 5 minutes (it keeps no due times of its own).</summary>
    public override Task<DateTimeOffset> NextRunAsync(CourierTestHost host, DateTimeOffset now) => Task.FromResult(now.AddMinutes(5));

    private string FileId(int i) => $"{_tag}-{i}-a";

    private async Task<IEnumerable<DriveCall>> Copies(SandboxHost sandbox) =>
        (await sandbox.Control.GetLedgerAsync<DriveCall>(DriveEndpoints.LedgerName))
            .Where(c => c.Route == DriveEndpoints.CopyKey && c.SourceId is not null && c.SourceId.StartsWith(_tag, StringComparison.Ordinal)).OrderBy(c => c.Sequence);

    private static async Task PostAsync(SandboxHost sandbox, string path, JsonObject body)
    {
        using var response = await sandbox.Http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sandbox {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static JsonObject AssetTypes() => new()
    {
        ["Name"] = "singleLineText",
        ["Ready to Deliver (Webhook)"] = "checkbox",
        ["Delivered At"] = "dateTime",
        ["Delivered?"] = "checkbox",
        ["Delivered File URL"] = "url",
        ["Delivered Folder URL"] = "url",
        ["Delivery Status"] = "singleSelect",
        ["Delivery Error"] = "multilineText",
        ["Delivery Batch ID"] = "singleLineText",
        ["Source Folder ID"] = "singleLineText",
    };
}
