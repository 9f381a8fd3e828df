using System.Text.Json.Nodes;
using Courier.Hosting.Jobs.PartnerDelivery;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Drive;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Support.Scenarios;

/// <summary>
/// Partner delivery: ready Airtable records whose source folders (two files each) are copied into the batch's Drive folder.
/// No Courier queue: a record has ended when Airtable shows Delivered (or Error with a message); each file is copied at most once.
/// </summary>
public sealed class PartnerDeliveryScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    public string BaseId => "app" + Tag;

    public override string Job => "partner delivery";

    public override string TwinPath => "/" + PartnerDeliveryJob.TwinRoute;

    public override string TwinSecret => TestSecrets.Deliveries;

    public override string? Queue => null;

    public override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PartnerDelivery:BaseId"] = BaseId;
        settings["Airtable:AccessToken"] = "pat" + Tag + ".SECRET";
        settings["Airtable:RequestsPerSecondPerBase"] = "50";
        return settings;
    }

    public override async Task SetupAsync(CourierCalls calls)
    {
        await Sandbox.PostAsync("_sandbox/drive/tree", new JsonObject
        {
            ["parentId"] = ReliabilitySandbox.SharedDrive,
            ["root"] = new JsonObject { ["id"] = Tag + "-dest", ["name"] = "Partner inbox", ["children"] = new JsonArray() },
        });
        await Sandbox.PostAsync("_sandbox/airtable/quota", new { requestsPerSecondPerBase = 50 });
        await Sandbox.PostAsync("_sandbox/airtable/bases", new JsonObject
        {
            ["baseId"] = BaseId,
            ["token"] = "pat" + Tag + ".SECRET",
            ["tables"] = new JsonArray(
                new JsonObject { ["name"] = ReliabilitySandbox.Assets, ["fieldTypes"] = AssetTypes(), ["records"] = new JsonArray() },
                new JsonObject
                {
                    ["name"] = ReliabilitySandbox.Batches,
                    ["fieldTypes"] = new JsonObject { ["Batch ID"] = "singleLineText", ["Destination Folder ID"] = "singleLineText" },
                    ["records"] = new JsonArray(new JsonObject { ["id"] = "recB1", ["fields"] = new JsonObject { ["Batch ID"] = "B1", ["Destination Folder ID"] = Tag + "-dest" } }),
                }),
        });
    }

    public string RecordId(int round, int i) => $"rec{round:D3}x{i:D3}";

    private string FileId(int round, int i, char f) => $"{Tag}-r{round:D3}-{i:D3}-{f}";

    /// <summary>A ready record and its source folder, made in the sandbox (Airtable is the producer, not Courier).</summary>
    public override async Task ProduceAsync(CourierCalls producer, int round, int i)
    {
        await Sandbox.PostAsync("_sandbox/drive/tree", new JsonObject
        {
            ["parentId"] = ReliabilitySandbox.SharedDrive,
            ["root"] = new JsonObject
            {
                ["id"] = $"{Tag}-r{round:D3}-{i:D3}-src",
                ["name"] = $"Shoot {round}-{i}",
                ["children"] = new JsonArray(
                    new JsonObject { ["id"] = FileId(round, i, 'a'), ["name"] = "a.mov" },
                    new JsonObject { ["id"] = FileId(round, i, 'b'), ["name"] = "b.mov" }),
            },
        });
        var record = new JsonObject
        {
            ["id"] = RecordId(round, i),
            ["fields"] = new JsonObject
            {
                ["Name"] = RecordId(round, i),
                ["Ready to Deliver (Webhook)"] = true,
                ["Source Folder ID"] = $"{Tag}-r{round:D3}-{i:D3}-src",
                ["Delivery Batch ID"] = "B1",
            },
        };
        await Sandbox.PostAsync($"_sandbox/airtable/bases/{BaseId}/tables/{Uri.EscapeDataString(ReliabilitySandbox.Assets)}/records", new JsonObject { ["records"] = new JsonArray(record) });
    }

    /// <summary>
    /// Each record Delivered (both files copied exactly once) or Error with a message; no file copied twice; when
    /// <see cref="JobScenario.Unharmed"/>, each record written back once (a crash excuses a write-back made again).
    /// </summary>
    public override async Task<RoundOutcome> CheckAsync(int round)
    {
        var records = (await Sandbox.GetAsync($"_sandbox/airtable/bases/{BaseId}/tables/{Uri.EscapeDataString(ReliabilitySandbox.Assets)}/records"))["records"]!.AsArray()
            .ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!["fields"]!.AsObject(), StringComparer.Ordinal);
        var copies = (await Sandbox.LedgerAsync<DriveCall>(DriveEndpoints.LedgerName))
            .Where(c => c.Route == DriveEndpoints.CopyKey && c.FileId is not null && c.SourceId is not null && c.SourceId.StartsWith(Tag, StringComparison.Ordinal))
            .GroupBy(c => c.SourceId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var writeBacks = (await Sandbox.LedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName))
            .Where(c => c.Route == AirtableEndpoints.UpdateKey && c.BaseId == BaseId && c.Status == 200 && c.Writes is not null)
            .SelectMany(c => c.Writes!.Where(w => w.Value.ContainsKey("Delivery Status")).Select(w => w.Key))
            .GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var problems = new List<string>();
        int lost = 0, duplicated = 0, twice = 0, errors = 0;
        for (var i = 0; i < ItemsPerRound; i++)
        {
            var fields = records[RecordId(round, i)];
            var status = fields["Delivery Status"]?.ToString();
            var made = new[] { 'a', 'b' }.Select(f => copies.GetValueOrDefault(FileId(round, i, f))).ToList();
            var written = writeBacks.GetValueOrDefault(RecordId(round, i));
            var extra = made.Sum(n => Math.Max(0, n - 1)) + (Unharmed ? Math.Max(0, written - 1) : 0);
            if (extra > 0)
            {
                duplicated += extra;
                twice++;
                problems.Add($"{RecordId(round, i)}: copies {string.Join("/", made)}, written back {written} times");
            }

            var delivered = status == "Delivered" && fields["Delivered At"] is not null && made.All(n => n >= 1) && (!Unharmed || written >= 1);
            var failed = status == "Error" && !string.IsNullOrWhiteSpace(fields["Delivery Error"]?.ToString());
            if (failed) errors++;
            if (!delivered && !failed)
            {
                lost++;
                problems.Add($"{RecordId(round, i)}: status {status ?? "none"}, ready {fields["Ready to Deliver (Webhook)"]}, copies {string.Join("/", made)}, written back {written}");
            }
        }

        return new RoundOutcome(ItemsPerRound, lost, duplicated, 0, problems, new Dictionary<string, int> { ["Error with a message"] = errors }) { DuplicatedItems = twice };
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
