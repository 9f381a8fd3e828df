using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.WriteBack;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.WriteBack;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Support;
using Courier.Sandbox.Sheets;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Reliability.Tests.Storms;

/// <summary>Write-back of CREATE changes appended to a Sheets sandbox spreadsheet: the side effect is one row per record id in the sheet.</summary>
public sealed class WriteBackStorm : StormJob
{
    private const string Sheet = "Requests";
    private static readonly string[] Columns = ["id", "title", "status"];
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];

    private string SpreadsheetId => "ss-storm-" + _tag;

    private string SiteId => "sheets-storm-" + _tag;

    public override string Job => WriteBackJob.Name;

    public override string Target => "sheets";

    public override string Route => SheetsEndpoints.AppendKey;

    public override string Queue => SyncQueue.Name;

    public override string PathContains => SpreadsheetId;

    public override Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SandboxHost sandbox, FakeTimeProvider time)
    {
        var settings = sandbox.AllProviderSettings();
        settings["environment"] = "Development";
        settings["ProviderHttp:MaxRetries"] = "0";
        settings["Sheets:Timeout"] = "00:00:02";
        const string key = "WriteBack:Models:Request";
        settings[$"{key}:SpreadsheetId"] = SpreadsheetId;
        settings[$"{key}:Sheet"] = Sheet;
        for (var i = 0; i < Columns.Length; i++) settings[$"{key}:Columns:{i}"] = Columns[i];
        settings[$"{key}:KeyColumn"] = "id";
        settings[$"{key}:StatusColumn"] = "status";
        settings[$"{key}:Site"] = SiteId;
        return StormHosts.StartAsync(
            azurite,
            settings,
            (services, configuration) =>
            {
                services.AddWriteBack(configuration);
                // seed-credentials, the route that stores any provider's credentials, belongs to the conversions job.
                services.AddConversions(configuration);
            },
            time);
    }

    public override async Task SetupAsync(CourierTestHost host, SandboxHost sandbox, FakeTimeProvider time, int items)
    {
        (await sandbox.Http.PostAsJsonAsync("_sandbox/sheets", new JsonObject
        {
            ["spreadsheetId"] = SpreadsheetId,
            ["sheets"] = new JsonArray(new JsonObject { ["title"] = Sheet, ["header"] = new JsonArray([.. Columns.Select(c => (JsonNode)c)]) }),
        })).EnsureSuccessStatusCode();
        (await sandbox.Http.PostAsJsonAsync("_sandbox/sheets/quota", new { writeRequestsPerMinutePerUser = 100_000 })).EnsureSuccessStatusCode();
        var seed = new JsonObject
        {
            ["site_id"] = SiteId,
            ["provider_key"] = "google_sheets",
            ["credentials"] = new JsonObject { ["service_account_json"] = ReliabilitySandbox.ServiceAccountJson(SiteId + "@courier-reliability.iam.gserviceaccount.com") },
        };
        await StormHosts.SendOkAsync(host, "/" + ConversionsJob.SeedCredentialsRoute, TestSecrets.Cron, seed.ToJsonString());
        for (var i = 0; i < items; i++)
        {
            var change = new JsonObject { ["model"] = "Request", ["action"] = "CREATE", ["recordId"] = RecordId(i), ["record"] = new JsonObject { ["title"] = "storm " + RecordId(i) } };
            await StormHosts.SendOkAsync(host, "/" + WriteBackJob.QueueRoute, TestSecrets.Api, change.ToJsonString());
        }
    }

    public override Task<(int Status, string Body)> RunAsync(CourierTestHost host) => StormHosts.SendAsync(host, "/" + WriteBackJob.TwinRoute, TestSecrets.Cron, null);

    /// <summary>Retry-After applies to the spreadsheet (the circuit's key), so every call shares one key.</summary>
    public override async Task<IReadOnlyList<StormCall>> CallsAsync(SandboxHost sandbox) =>
        [.. (await sandbox.Control.GetLedgerAsync<SheetsCall>(SheetsEndpoints.LedgerName))
            .Where(c => c.Route == Route && c.SpreadsheetId == SpreadsheetId).OrderBy(c => c.Sequence).Select(c => new StormCall(c.SpreadsheetId, c.Status, c.Fault))];

    /// <summary>Rows in the sheet per record id: a change applied twice (an append sent again after it landed) shows as two rows.</summary>
    public override async Task<IReadOnlyDictionary<string, int>> SideEffectsAsync(SandboxHost sandbox)
    {
        var view = (await sandbox.Http.GetFromJsonAsync<JsonObject>($"_sandbox/sheets/{SpreadsheetId}"))!;
        return view["sheets"]!.AsArray().Single(s => s!["title"]!.GetValue<string>() == Sheet)!["values"]!.AsArray()
            .Select(r => r!.AsArray().FirstOrDefault()?.ToString() ?? "").Where(id => id.StartsWith(_tag, StringComparison.Ordinal))
            .GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private string RecordId(int i) => $"{_tag}-{i:D3}";
}
