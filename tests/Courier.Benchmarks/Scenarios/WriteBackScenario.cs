using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Benchmarks.Support;
using Courier.TestUtils.Hosts;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// The write-back job on the standalone host in-process with the Sheets sandbox, in one child process: records created in one
/// sheet first (not measured), then as many updates of them queued through the API and drained by the twin: items per second
/// and the Sheets calls each run made on that spreadsheet (the <c>sheets</c> ledger).
/// </summary>
public sealed class WriteBackScenario : IBenchmarkScenario
{
    private const string Model = "Request";
    private const string Sheet = "Requests";
    private static readonly string[] Header = ["id", "title", "amount", "notes", "status"];

    public string Name => "writeback";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var run = await context.RunChildAsync(Name, [context.Quick ? "200" : "5000"], cancellationToken);
        context.Log.WriteLine(BenchmarkApp.Invariant($"  {run["writeback_items"]:F0} updates in {run["writeback_runs"]:F0} runs: {run["writeback_items_per_s"]:F1}/s, {run["writeback_sheet_calls_per_run"]:F1} Sheets calls per run ({run["writeback_sheet_write_calls_per_run"]:F1} writes)"));
        return run.ToDictionary(p => p.Key, p => (object)Math.Round(p.Value, 3));
    }

    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken)
    {
        var items = int.Parse(args[0], CultureInfo.InvariantCulture);
        var connection = Environment.GetEnvironmentVariable(BenchmarkContext.ConnectionVariable) ?? throw new InvalidOperationException($"{BenchmarkContext.ConnectionVariable} is not set");
        var book = "book-" + Guid.NewGuid().ToString("N")[..12];
        var siteId = "sheets-" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            [$"WriteBack:Models:{Model}:SpreadsheetId"] = book,
            [$"WriteBack:Models:{Model}:Sheet"] = Sheet,
            [$"WriteBack:Models:{Model}:KeyColumn"] = "id",
            [$"WriteBack:Models:{Model}:StatusColumn"] = "status",
            [$"WriteBack:Models:{Model}:ReadOnlyColumns:0"] = "notes",
            [$"WriteBack:Models:{Model}:Site"] = siteId,
        };
        for (var i = 0; i < Header.Length; i++) settings[$"WriteBack:Models:{Model}:Columns:{i}"] = Header[i];
        await using var courier = await BenchCourier.StartAsync(connection, settings, writeBack: true);
        (await courier.SandboxHttp.PostAsJsonAsync("_sandbox/sheets", new JsonObject
        {
            ["spreadsheetId"] = book,
            ["sheets"] = new JsonArray(new JsonObject { ["title"] = Sheet, ["header"] = new JsonArray([.. Header.Select(h => (JsonNode)h)]) }),
        }, cancellationToken)).EnsureSuccessStatusCode();
        await courier.SeedCredentialsAsync(siteId, "google_sheets", new JsonObject { ["service_account_json"] = ServiceAccount.Json(siteId) });

        // The records exist in the sheet (created by Courier itself), then every one of them is updated.
        await EnqueueAsync(courier, items, i => Change("CREATE", i, $"record {i}", i));
        await Drain.WriteBackAsync(courier, items);
        await EnqueueAsync(courier, items, i => Change("UPDATE", i, $"record {i} v2", i + 1000));

        var callsBefore = await SheetCallsAsync(courier, book);
        var before = courier.Storage.Take();
        var drained = await Drain.WriteBackAsync(courier, items);
        var used = courier.Storage.Take() - before;
        var calls = (await SheetCallsAsync(courier, book)).Skip(callsBefore.Count).ToList();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["writeback_items"] = items,
            ["writeback_runs"] = drained.Runs,
            ["writeback_items_per_s"] = items / drained.Elapsed.TotalSeconds,
            ["writeback_sheet_calls_per_run"] = (double)calls.Count / drained.Runs,
            ["writeback_sheet_write_calls_per_run"] = (double)calls.Count(c => c != "sheets.get") / drained.Runs,
            ["writeback_entity_writes_per_item"] = (double)used.EntityWrites / items,
            ["writeback_storage_requests_per_item"] = (double)used.Requests / items,
        };
    }

    private static JsonObject Change(string action, int i, string title, int amount) => new()
    {
        ["model"] = Model,
        ["action"] = action,
        ["recordId"] = "r-" + i.ToString("D6", CultureInfo.InvariantCulture),
        ["record"] = new JsonObject { ["title"] = title, ["amount"] = amount },
    };

    /// <summary>Queues the changes through <c>POST /api/sync/queue</c>, eight requests at a time (setup, not measured).</summary>
    private static Task EnqueueAsync(BenchCourier courier, int items, Func<int, JsonObject> change) =>
        Parallel.ForEachAsync(Enumerable.Range(0, items), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            (await courier.SendAsync(HttpMethod.Post, "/api/sync/queue", TestSecrets.Api, change(i).ToJsonString(), ct)).Ok("write-back enqueue"));

    /// <summary>The routes of the Sheets calls made on one spreadsheet, in arrival order.</summary>
    private static async Task<List<string>> SheetCallsAsync(BenchCourier courier, string book) =>
        (await courier.Control.GetLedgerAsync<JsonElement>("sheets"))
            .Where(c => c.GetProperty("spreadsheetId").GetString() == book)
            .OrderBy(c => c.GetProperty("sequence").GetInt64())
            .Select(c => c.GetProperty("route").GetString()!)
            .ToList();
}
