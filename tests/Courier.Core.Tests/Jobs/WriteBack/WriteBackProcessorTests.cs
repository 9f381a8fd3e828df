using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs;
using Courier.Core.Jobs.WriteBack;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Credentials;
using Courier.Core.Tests.Support;
using Courier.TestUtils.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Jobs.WriteBack;

/// <summary>The write-back processor over in-memory stores and sheets: ordering of changes, holds and the write allowance.</summary>
public sealed class WriteBackProcessorTests
{
    private const string Site = "sheets-site";
    private static readonly SheetTarget Requests = new("book-1", "Requests");
    private static readonly SheetTarget Operators = new("book-2", "Operators");

    private readonly FakeTimeProvider _time = TestClock.New();
    private readonly InMemoryQueueStore _store = new();
    private readonly InMemoryCircuitStore _circuits = new();
    private readonly InMemorySyncRowStore _rows = new();
    private readonly InMemorySyncLog _log = new();
    private readonly FakeSheetWriter _writer = new();
    private readonly ProviderCredentialsService _credentials;
    private int _runs;

    public WriteBackProcessorTests()
    {
        _credentials = new ProviderCredentialsService(new InMemoryCredentialStore(), new FakeSecretVault(), [.. TestCredentials.Schemas, TestCredentials.SheetsSchema], _time);
    }

    private static WriteBackOptions Options(int writesPerMinute = 60) => new()
    {
        DefaultSite = Site,
        WritesPerMinute = writesPerMinute,
        Models =
        {
            ["Request"] = Mapping(Requests),
            ["Operator"] = Mapping(Operators),
        },
    };

    private static SheetMapping Mapping(SheetTarget sheet) => new()
    {
        SpreadsheetId = sheet.SpreadsheetId,
        Sheet = sheet.Sheet,
        Columns = ["id", "title", "notes", "status"],
        ReadOnlyColumns = ["notes"],
    };

    private async Task SeedCredentialsAsync() =>
        await _credentials.SaveAsync(Site, TestCredentials.SheetsKey, TestCredentials.Element(new System.Text.Json.Nodes.JsonObject { ["service_account_json"] = "{\"type\":\"service_account\"}" }));

    private Task<EnqueueResult> EnqueueAsync(string model, SyncAction action, string recordId, string? title = null) =>
        new SyncQueue(new WorkQueue(_store, _time)).EnqueueAsync(
            new SyncChange(model, action, recordId, title is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement> { ["title"] = JsonSerializer.SerializeToElement(title) }),
            null);

    private async Task<WriteBackCounts> RunAsync(WriteBackOptions options, SheetWriteBudget? budget = null)
    {
        var processor = new WriteBackProcessor(_store, _rows, _log, _writer, new CircuitBreaker(_circuits, new CircuitOptions(), _time, new Random(1)), _credentials, options, budget ?? new SheetWriteBudget(options.WritesPerMinute, _time), _time, new Random(2), new RecordingLogger<WriteBackProcessor>());
        var report = await processor.RunAsync(new JobRunContext($"run-{++_runs}", RunTrigger.Timer, RunBudget.Unlimited(_time), new Dictionary<string, string>()), CancellationToken.None);
        return Assert.IsType<WriteBackResult>(report.Body).Result;
    }

    private string[] Row(SheetTarget sheet, string id) => _writer.Rows(sheet).Single(r => (string?)r[0] == id).Select(c => c?.ToString() ?? "").ToArray();

    [Fact]
    public async Task OlderChangeRetriedAfterANewerOneWasWritten_IsSkipped_TheSheetKeepsTheNewer()
    {
        await SeedCredentialsAsync();
        var options = Options();
        var older = await EnqueueAsync("Request", SyncAction.Create, "r1", "old title");
        _writer.Errors.Enqueue(null);
        _writer.Errors.Enqueue(ProviderError.Transient("UNAVAILABLE", "try later", TimeSpan.FromMinutes(10)));
        Assert.Equal(1, (await RunAsync(options)).Retried);

        _time.Advance(TimeSpan.FromSeconds(1));
        await EnqueueAsync("Request", SyncAction.Update, "r1", "new title");
        var newer = await RunAsync(options);
        Assert.Equal((1, 1), (newer.Processed, newer.Succeeded));
        Assert.Equal(["r1", "new title", "", ""], Row(Requests, "r1"));

        _time.Advance(TimeSpan.FromMinutes(11));
        var late = await RunAsync(options);
        Assert.Equal((1, 0, 1), (late.Processed, late.Succeeded, late.Skipped));
        Assert.Equal(["r1", "new title", "", ""], Row(Requests, "r1"));
        var item = await _store.GetAsync(SyncQueue.Name, older.Item.Id, CancellationToken.None);
        Assert.Equal(QueueState.Completed, item!.State);
        Assert.Contains("\"stale\":true", item.Result, StringComparison.Ordinal);
        Assert.Single(_writer.Rows(Requests));
    }

    [Fact]
    public async Task SpreadsheetNotShared_HoldsThatSpreadsheet_ChangesWaitWithoutAnAttempt_OtherSheetsGoOn()
    {
        await SeedCredentialsAsync();
        var options = Options();
        var held = await EnqueueAsync("Request", SyncAction.Create, "r1", "a");
        await EnqueueAsync("Operator", SyncAction.Create, "o1", "b");
        // The Request sheet's key read is refused; the Operator sheet's calls go through.
        _writer.Refused[Requests] = ProviderError.Permanent("PERMISSION_DENIED", "The caller does not have permission") with { HoldReason = "PERMISSION_DENIED" };

        var counts = await RunAsync(options);
        Assert.Equal((1, 0, 1), (counts.Succeeded, counts.Failed, counts.Waiting));
        var item = await _store.GetAsync(SyncQueue.Name, held.Item.Id, CancellationToken.None);
        Assert.Equal((QueueState.Retry, 0), (item!.State, item.Attempts));
        Assert.StartsWith("PERMISSION_DENIED", item.LastError, StringComparison.Ordinal);
        var circuit = await _circuits.GetAsync(new CircuitKey(Requests.SpreadsheetId, "google_sheets"), CancellationToken.None);
        Assert.Equal((CircuitState.Held, "PERMISSION_DENIED"), (circuit!.State, circuit.HoldReason));
        Assert.Equal(["o1", "b", "", ""], Row(Operators, "o1"));
    }

    [Fact]
    public async Task NoCredentials_HoldsTheCredentialSite_NothingIsCalled_NothingFails()
    {
        var item = await EnqueueAsync("Request", SyncAction.Create, "r1", "a");
        var counts = await RunAsync(Options());
        Assert.Equal((0, 0, 1), (counts.Succeeded, counts.Failed, counts.Waiting));
        Assert.Empty(_writer.Calls);
        var circuit = await _circuits.GetAsync(new CircuitKey(Site, "google_sheets"), CancellationToken.None);
        Assert.Equal((CircuitState.Held, WriteBackProcessor.CredentialsUnavailable), (circuit!.State, circuit.HoldReason));
        Assert.Equal(0, (await _store.GetAsync(SyncQueue.Name, item.Item.Id, CancellationToken.None))!.Attempts);
    }

    [Fact]
    public async Task WriteAllowanceSpent_TheNextSheetWaitsForALaterRun_ThenGoes()
    {
        await SeedCredentialsAsync();
        var options = Options(writesPerMinute: 1);
        var budget = new SheetWriteBudget(1, _time);
        await EnqueueAsync("Request", SyncAction.Create, "r1", "a");
        await EnqueueAsync("Operator", SyncAction.Create, "o1", "b");

        var first = await RunAsync(options, budget);
        Assert.Equal((1, 1), (first.Processed, first.Succeeded));
        Assert.Equal(1, _writer.Calls.Count(c => c.StartsWith("append", StringComparison.Ordinal)));

        var soon = await RunAsync(options, budget);
        Assert.Equal(0, soon.Succeeded);
        _time.Advance(TimeSpan.FromSeconds(61));
        var later = await RunAsync(options, budget);
        Assert.Equal(1, later.Succeeded);
        Assert.Single(_writer.Rows(Requests));
        Assert.Single(_writer.Rows(Operators));
    }

    [Fact]
    public async Task DeleteAfterCreateInOneRun_CollapsesIntoTheDelete_NoRowToMark_LoggedNotDropped()
    {
        await SeedCredentialsAsync();
        await EnqueueAsync("Request", SyncAction.Create, "r1", "a");
        await EnqueueAsync("Request", SyncAction.Delete, "r1");
        var counts = await RunAsync(Options());
        Assert.Equal((2, 0, 2), (counts.Processed, counts.Succeeded, counts.Skipped));
        Assert.Empty(_writer.Rows(Requests));
        Assert.Contains(_log.All, e => e.RecordId == "r1" && e.Message.Contains("no row", StringComparison.Ordinal));
        Assert.Contains(_log.All, e => e.RecordId == "r1" && e.Message.StartsWith("collapsed into", StringComparison.Ordinal));
    }
}
