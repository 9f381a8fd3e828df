using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.WriteBack;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.WriteBack;
using Courier.Sandbox.Sheets;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Support.Scenarios;

/// <summary>Write-back: CREATE changes of the Request model appended to a Sheets sandbox spreadsheet; the side effect is one row per record.</summary>
public sealed partial class WriteBackScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    private const string Sheet = "Requests";
    private static readonly string[] Columns = ["id", "title", "notes", "status"];

    public string SpreadsheetId => "ss-" + Tag;

    public string SiteId => "sheets-" + Tag;

    public override string Job => "write-back";

    public override string TwinPath => "/" + WriteBackJob.TwinRoute;

    public override string? Queue => SyncQueue.Name;

    public override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        const string key = "WriteBack:Models:Request";
        settings[$"{key}:SpreadsheetId"] = SpreadsheetId;
        settings[$"{key}:Sheet"] = Sheet;
        for (var i = 0; i < Columns.Length; i++) settings[$"{key}:Columns:{i}"] = Columns[i];
        settings[$"{key}:KeyColumn"] = "id";
        settings[$"{key}:StatusColumn"] = "status";
        settings[$"{key}:ReadOnlyColumns:0"] = "notes";
        settings[$"{key}:Site"] = SiteId;
        settings["WriteBack:LeaseFor"] = "00:01:00";
        return settings;
    }

    public override async Task SetupAsync(CourierCalls calls)
    {
        await Sandbox.PostAsync("_sandbox/sheets", new JsonObject
        {
            ["spreadsheetId"] = SpreadsheetId,
            ["sheets"] = new JsonArray(new JsonObject { ["title"] = Sheet, ["header"] = new JsonArray([.. Columns.Select(c => (JsonNode)c)]) }),
        });
        await Sandbox.PostAsync("_sandbox/sheets/quota", new { writeRequestsPerMinutePerUser = 100_000 });
        await calls.OkAsync(HttpMethod.Post, "/" + ConversionsJob.SeedCredentialsRoute, TestSecrets.Cron, new JsonObject
        {
            ["site_id"] = SiteId,
            ["provider_key"] = "google_sheets",
            ["credentials"] = new JsonObject { ["service_account_json"] = ReliabilitySandbox.ServiceAccountJson(SiteId + "@courier-reliability.iam.gserviceaccount.com") },
        });
    }

    public string RecordId(int round, int i) => $"{Tag}-r{round:D3}-{i:D3}";

    public override Task ProduceAsync(CourierCalls producer, int round, int i) => producer.OkAsync(HttpMethod.Post, "/" + WriteBackJob.QueueRoute, TestSecrets.Api, new JsonObject
    {
        ["model"] = "Request",
        ["action"] = "CREATE",
        ["recordId"] = RecordId(round, i),
        ["record"] = new JsonObject { ["title"] = "title " + RecordId(round, i) },
    }, HttpStatusCode.Accepted);

    /// <summary>
    /// Every change ended (the queue holds nothing waiting or held) and each record has exactly one row; when
    /// <see cref="JobScenario.Unharmed"/>, also written once in the Sheets ledger (a crash excuses a row written again in place).
    /// </summary>
    public override async Task<RoundOutcome> CheckAsync(int round)
    {
        var stats = await Store().GetStatsAsync(SyncQueue.Name, DateTimeOffset.MaxValue, CancellationToken.None);
        var open = stats.Count(QueueState.Queued) + stats.Count(QueueState.Processing) + stats.Count(QueueState.Retry);
        var failed = stats.Count(QueueState.Failed) + stats.Count(QueueState.Unknown);
        var view = await Sandbox.GetAsync($"_sandbox/sheets/{SpreadsheetId}");
        var ids = view["sheets"]!.AsArray().Single(s => s!["title"]!.GetValue<string>() == Sheet)!["values"]!.AsArray()
            .Select(r => r!.AsArray().FirstOrDefault()?.ToString() ?? "").ToList();
        var writes = Unharmed ? await WritesAsync(ids) : [];
        var problems = new List<string>();
        int lost = 0, duplicated = 0, twice = 0;
        for (var i = 0; i < ItemsPerRound; i++)
        {
            var rows = ids.Count(id => id == RecordId(round, i));
            var written = writes.GetValueOrDefault(RecordId(round, i));
            if (rows > 1 || written > 1)
            {
                duplicated += Math.Max(rows, written) - 1;
                twice++;
                problems.Add($"{RecordId(round, i)} has {rows} rows, written {written} times");
            }
            else if (rows == 0 && open == 0 && failed == 0)
            {
                lost++;
                problems.Add($"{RecordId(round, i)} has no row and its change is not failed");
            }
            else if (Unharmed && rows == 1 && written == 0)
            {
                lost++;
                problems.Add($"{RecordId(round, i)} has a row no write of the Sheets ledger made");
            }
        }

        if (open > 0)
        {
            lost += open;
            var waiting = new List<string>();
            foreach (var state in new[] { QueueState.Queued, QueueState.Processing, QueueState.Retry })
                waiting.AddRange((await Store().ListInStateAsync(SyncQueue.Name, state, DateTimeOffset.MaxValue, 5, CancellationToken.None)).Select(i => $"{i.State} due {i.DueAt:HH:mm} lease {i.LeaseUntil:HH:mm} attempts {i.Attempts} ({i.LastError})"));
            problems.Add($"{open} changes still waiting or held: {string.Join("; ", waiting.Take(3))}");
        }

        return new RoundOutcome(ItemsPerRound, lost, duplicated, stats.Count(QueueState.Unknown), problems, new Dictionary<string, int> { ["failed with a reason"] = failed }) { DuplicatedItems = twice };
    }

    /// <summary>Successful appends and in-place writes of the spreadsheet, per record id now in the rows they wrote (<paramref name="ids"/> by row, from row 1).</summary>
    private async Task<Dictionary<string, int>> WritesAsync(IReadOnlyList<string> ids)
    {
        var writes = new Dictionary<string, int>(StringComparer.Ordinal);
        var calls = (await Sandbox.LedgerAsync<SheetsCall>(SheetsEndpoints.LedgerName))
            .Where(c => c.SpreadsheetId == SpreadsheetId && c.Status == 200 && c.Route is SheetsEndpoints.AppendKey or SheetsEndpoints.BatchUpdateKey);
        foreach (var range in calls.SelectMany(c => c.UpdatedRanges))
        {
            var rows = RowsOf().Match(range);
            if (!rows.Success) throw new InvalidOperationException($"unexpected updated range {range}");
            var first = int.Parse(rows.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = rows.Groups[2].Success ? int.Parse(rows.Groups[2].Value, CultureInfo.InvariantCulture) : first;
            for (var row = first; row <= last && row <= ids.Count; row++) writes[ids[row - 1]] = writes.GetValueOrDefault(ids[row - 1]) + 1;
        }

        return writes;
    }

    /// <summary>The rows of an A1 range as the sandbox answers it (<c>Requests!A2:D5</c>, <c>Requests!A7</c>).</summary>
    [GeneratedRegex(@"![A-Z]+(\d+)(?::[A-Z]+(\d+))?$")]
    private static partial Regex RowsOf();
}
