using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.WriteBack;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Jobs.WriteBack;

/// <summary>
/// The write-back job end to end: the HTTP API and twin of a Courier host, Azurite storage, and the Sheets sandbox over loopback
/// HTTP with a real service-account token exchange. Each test has its own tables, spreadsheet and service account.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class WriteBackEndToEndTests(AzuriteFixture azurite, SheetsSandbox sandbox) : IClassFixture<SheetsSandbox>
{
    private static readonly string[] Header = ["id", "title", "amount", "notes", "status"];

    private static string Book() => "book-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task CreateUpdateDelete_AppendThenWriteInPlaceThenMark_ReadOnlyColumnUntouched_SheetNameQuoted()
    {
        var book = Book();
        // A name that must be quoted in A1, with its apostrophe doubled: 'Bob''s Requests'!A:E.
        var model = new TestModel("Request", book, "Bob's Requests", "title", "amount");
        await sandbox.CreateAsync(book, (model.Sheet, Header));
        var account = new SheetsServiceAccount();
        await using var host = await WriteBackHost.StartAsync(azurite, sandbox, account, [model]);

        await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r1", new JsonObject { ["title"] = "Lamp", ["amount"] = 10 }));
        await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r2", new JsonObject { ["title"] = "Desk", ["amount"] = 20.5 }));
        WriteBackHost.AssertResult(await host.RunAsync(), processed: 2, succeeded: 2, failed: 0, skipped: 0);
        Assert.Equal(
            [["id", "title", "amount", "notes", "status"], ["r1", "Lamp", "10", "", ""], ["r2", "Desk", "20.5", "", ""]],
            await sandbox.RowsAsync(book, model.Sheet));
        var queue = await host.QueueAsync();
        Assert.Equal(2, queue.GetProperty("stats").GetProperty("COMPLETED").GetInt32());
        var logs = queue.GetProperty("recentLogs").EnumerateArray().Select(l => (l.GetProperty("recordId").GetString(), l.GetProperty("message").GetString(), l.GetProperty("row").GetInt32())).ToList();
        Assert.Contains(("r1", "appended row 2", 2), logs);
        Assert.Contains(("r2", "appended row 3", 3), logs);
        Assert.NotEqual(JsonValueKind.Null, queue.GetProperty("lastProcessed").ValueKind);
        // The row index is stored with the record.
        var stored = await host.Host.Services.GetRequiredService<ISyncRowStore>().GetAsync("Request", ["r1", "r2"], CancellationToken.None);
        Assert.Equal((2, 3), (stored["r1"].Row, stored["r2"].Row));

        // Someone writes a note on r1's row; an update lands in place and leaves it, even when the record carries the column.
        await sandbox.TypeAsync(book, "'Bob''s Requests'!D2", "call back Friday");
        await host.EnqueueAsync(WriteBackHost.Change("Request", "UPDATE", "r1", new JsonObject { ["title"] = "Lamp XL", ["amount"] = 12, ["notes"] = "from the app" }));
        WriteBackHost.AssertResult(await host.RunAsync(), processed: 1, succeeded: 1, failed: 0, skipped: 0);
        Assert.Equal(["r1", "Lamp XL", "12", "call back Friday", ""], (await sandbox.RowsAsync(book, model.Sheet))[1]);

        // A delete clears the writable cells, keeps the key and the note, and marks the row; the row stays.
        await sandbox.TypeAsync(book, "'Bob''s Requests'!D3", "keep me");
        await host.EnqueueAsync(WriteBackHost.Change("Request", "DELETE", "r2"));
        WriteBackHost.AssertResult(await host.RunAsync(), processed: 1, succeeded: 1, failed: 0, skipped: 0);
        var rows = await sandbox.RowsAsync(book, model.Sheet);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["r2", "", "", "keep me", "DELETED"], rows[2]);
        Assert.Contains(await sandbox.WritesAsync(book), c => c.Ranges.Any(r => r.StartsWith("'Bob''s Requests'!", StringComparison.Ordinal)));
        Assert.Equal(4, (await host.QueueAsync()).GetProperty("stats").GetProperty("COMPLETED").GetInt32());
    }

    [Fact]
    public async Task ThreeHundredChangesOverThreeModels_ReachTheirSheetsInAtMostTwoWriteCallsPerSheet()
    {
        var models = new[]
        {
            new TestModel("Request", Book(), "Requests", "title", "amount"),
            new TestModel("Operator", Book(), "Operators", "title", "amount"),
            new TestModel("Revenue", Book(), "Revenue 2026", "title", "amount"),
        };
        foreach (var m in models) await sandbox.CreateAsync(m.SpreadsheetId, (m.Sheet, Header));
        var account = new SheetsServiceAccount();
        await using var host = await WriteBackHost.StartAsync(azurite, sandbox, account, models);

        // 40 records per model are in the sheet already.
        foreach (var m in models)
        {
            for (var i = 0; i < 40; i++) await host.EnqueueAsync(WriteBackHost.Change(m.Name, "CREATE", $"old-{i}", new JsonObject { ["title"] = $"old {i}", ["amount"] = i }));
        }

        WriteBackHost.AssertResult(await host.RunAsync(), processed: 120, succeeded: 120, failed: 0, skipped: 0);
        var before = new Dictionary<string, int>();
        foreach (var m in models) before[m.SpreadsheetId] = (await sandbox.WritesAsync(m.SpreadsheetId)).Count;

        // Then 100 changes per model: 40 updates of those, 40 new records, and 20 later updates of new ones (collapsed).
        foreach (var m in models)
        {
            for (var i = 0; i < 40; i++) await host.EnqueueAsync(WriteBackHost.Change(m.Name, "UPDATE", $"old-{i}", new JsonObject { ["title"] = $"old {i} v2", ["amount"] = i + 1000 }));
            for (var i = 0; i < 40; i++) await host.EnqueueAsync(WriteBackHost.Change(m.Name, "CREATE", $"new-{i}", new JsonObject { ["title"] = $"new {i}", ["amount"] = i }));
            for (var i = 0; i < 20; i++) await host.EnqueueAsync(WriteBackHost.Change(m.Name, "UPDATE", $"new-{i}", new JsonObject { ["amount"] = i + 500 }));
        }

        WriteBackHost.AssertResult(await host.RunAsync(), processed: 300, succeeded: 240, failed: 0, skipped: 60);
        foreach (var m in models)
        {
            var writes = (await sandbox.WritesAsync(m.SpreadsheetId)).Skip(before[m.SpreadsheetId]).ToList();
            Assert.True(writes.Count <= 2, $"{m.Name}: {writes.Count} write calls: {string.Join(", ", writes.Select(w => w.Route))}");
            Assert.Equal(["sheets.batchUpdate", "sheets.append"], writes.Select(w => w.Route));
            var rows = await sandbox.RowsAsync(m.SpreadsheetId, m.Sheet);
            Assert.Equal(1 + 80, rows.Count);
            Assert.Equal(["old-7", "old 7 v2", "1007", "", ""], rows.Single(r => r[0] == "old-7"));
            // A create and a later partial update of one record, collapsed: the create's title with the update's amount.
            Assert.Equal(["new-3", "new 3", "503", "", ""], rows.Single(r => r[0] == "new-3"));
            Assert.Equal(["new-33", "new 33", "33", "", ""], rows.Single(r => r[0] == "new-33"));
            Assert.Equal(80, rows.Skip(1).Select(r => r[0]).Distinct().Count());
        }
    }

    [Fact]
    public async Task CrashAfterAppendBeforeTheRowIndexIsStored_NextRunWritesInPlace_OneRowForTheRecord()
    {
        var book = Book();
        var model = new TestModel("Request", book, "Requests", "title", "amount");
        await sandbox.CreateAsync(book, (model.Sheet, Header));
        var account = new SheetsServiceAccount();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rows = new FailingOnceSyncRowStore();
        await using var host = await WriteBackHost.StartAsync(
            azurite, sandbox, account, [model],
            new Dictionary<string, string?> { ["WriteBack:LeaseFor"] = "00:01:00" },
            time,
            s => s.AddSingleton<ISyncRowStore>(sp => rows.Over(ActivatorUtilities.CreateInstance<Courier.Storage.WriteBack.TableSyncRowStore>(sp))));

        await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r1", new JsonObject { ["title"] = "Lamp", ["amount"] = 10 }));
        rows.FailNextSave = true;
        var crashed = await host.RunRawAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.Status);
        Assert.Equal([["id", "title", "amount", "notes", "status"], ["r1", "Lamp", "10", "", ""]], await sandbox.RowsAsync(book, model.Sheet));

        // The change is still leased to the crashed run; once its lease has run out, the next run takes it back and finds the row by its key.
        time.Advance(TimeSpan.FromMinutes(2));
        var next = await host.RunRawAsync();
        Assert.True(next.Status == HttpStatusCode.OK, next.Text);
        Assert.Equal(1, next.Json.GetProperty("result").GetProperty("recovered").GetInt32());
        WriteBackHost.AssertResult(next.Json.GetProperty("result"), processed: 1, succeeded: 1, failed: 0, skipped: 0);
        Assert.Equal([["id", "title", "amount", "notes", "status"], ["r1", "Lamp", "10", "", ""]], await sandbox.RowsAsync(book, model.Sheet));
        Assert.Single(await sandbox.WritesAsync(book), c => c.Route == "sheets.append");
        var stored = await host.Host.Services.GetRequiredService<ISyncRowStore>().GetAsync("Request", ["r1"], CancellationToken.None);
        Assert.Equal(2, stored["r1"].Row);
    }

    [Fact]
    public async Task RateLimited_ChangesRetryAfterGooglesWait_NothingLost_SheetEndsCorrect()
    {
        var book = Book();
        var model = new TestModel("Request", book, "Requests", "title", "amount");
        await sandbox.CreateAsync(book, (model.Sheet, Header));
        var account = new SheetsServiceAccount();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await WriteBackHost.StartAsync(azurite, sandbox, account, [model], null, time);
        await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r1", new JsonObject { ["title"] = "Lamp", ["amount"] = 1 }));
        await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r2", new JsonObject { ["title"] = "Desk", ["amount"] = 2 }));
        WriteBackHost.AssertResult(await host.RunAsync(), processed: 2, succeeded: 2, failed: 0, skipped: 0);

        // Google allows this account one more write this minute: the update goes out, the append meets 429.
        await sandbox.SetWriteQuotaAsync(2);
        try
        {
            await host.EnqueueAsync(WriteBackHost.Change("Request", "UPDATE", "r1", new JsonObject { ["amount"] = 11 }));
            await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r3", new JsonObject { ["title"] = "Chair", ["amount"] = 3 }));
            await host.EnqueueAsync(WriteBackHost.Change("Request", "CREATE", "r4", new JsonObject { ["title"] = "Shelf", ["amount"] = 4 }));
            var limited = await host.RunAsync();
            WriteBackHost.AssertResult(limited, processed: 3, succeeded: 1, failed: 0, skipped: 0);
            Assert.Equal(2, limited.GetProperty("retried").GetInt32());
            Assert.Contains(await sandbox.CallsAsync(book), c => c.Route == "sheets.append" && c.Status == 429);
            var failed = (await host.QueueAsync()).GetProperty("recentFailed").EnumerateArray().ToList();
            Assert.Equal(2, failed.Count);
            Assert.All(failed, f => Assert.Contains("RESOURCE_EXHAUSTED", f.GetProperty("message").GetString(), StringComparison.Ordinal));
            var stats = (await host.QueueAsync()).GetProperty("stats");
            Assert.Equal(2, stats.GetProperty("RETRY").GetInt32());

            // Not before Google's wait (60 s without Retry-After): a run now leaves them.
            time.Advance(TimeSpan.FromSeconds(30));
            WriteBackHost.AssertResult(await host.RunAsync(), processed: 0, succeeded: 0, failed: 0, skipped: 0);
        }
        finally
        {
            await sandbox.SetWriteQuotaAsync(60);
        }

        time.Advance(TimeSpan.FromSeconds(31));
        WriteBackHost.AssertResult(await host.RunAsync(), processed: 2, succeeded: 2, failed: 0, skipped: 0);
        Assert.Equal(
            [["id", "title", "amount", "notes", "status"], ["r1", "Lamp", "11", "", ""], ["r2", "Desk", "2", "", ""], ["r3", "Chair", "3", "", ""], ["r4", "Shelf", "4", "", ""]],
            await sandbox.RowsAsync(book, model.Sheet));
        Assert.Equal(5, (await host.QueueAsync()).GetProperty("stats").GetProperty("COMPLETED").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"Invoice","action":"CREATE","recordId":"r1","record":{"title":"x"}}""", "model")]
    [InlineData("""{"model":"Request","action":"UPSERT","recordId":"r1","record":{"title":"x"}}""", "action")]
    [InlineData("""{"model":"Request","action":"CREATE","record":{"title":"x"}}""", "recordId")]
    [InlineData("""{"model":"Request","action":"CREATE","recordId":"r1","record":{"title":"x","colour":"red"}}""", "record.colour")]
    [InlineData("""{"model":"Request","action":"CREATE","recordId":"r1","record":{"title":{"nested":true}}}""", "record.title")]
    [InlineData("""{"model":"Request","action":"UPDATE","recordId":"r1"}""", "record")]
    [InlineData("""{"model":"Request","action":"CREATE","recordId":"r1","record":{"status":"DELETED"}}""", "record.status")]
    [InlineData("""["not","an","object"]""", "$")]
    public async Task BadInput_400ProblemNamingTheField_NothingStored(string body, string field)
    {
        var account = new SheetsServiceAccount();
        await using var host = await WriteBackHost.StartAsync(azurite, sandbox, account, [new TestModel("Request", Book(), "Requests", "title", "amount")]);

        var answer = await host.EnqueueRawAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var problem = answer.Json;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {answer.Text}");
        var stats = (await host.QueueAsync()).GetProperty("stats");
        Assert.All(stats.EnumerateObject(), s => Assert.Equal(0, s.Value.GetInt32()));
    }

    /// <summary>The real row store, except that one save can be made to fail as if storage went away after the sheet was written.</summary>
    private sealed class FailingOnceSyncRowStore
    {
        public bool FailNextSave { get; set; }

        public ISyncRowStore Over(ISyncRowStore inner) => new Store(this, inner);

        private sealed class Store(FailingOnceSyncRowStore owner, ISyncRowStore inner) : ISyncRowStore
        {
            public Task<IReadOnlyDictionary<string, SyncRow>> GetAsync(string model, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken) =>
                inner.GetAsync(model, recordIds, cancellationToken);

            public Task<int> SaveAsync(IReadOnlyList<SyncRow> rows, CancellationToken cancellationToken)
            {
                if (!owner.FailNextSave) return inner.SaveAsync(rows, cancellationToken);
                owner.FailNextSave = false;
                throw new IOException("storage went away after the append (injected)");
            }
        }
    }
}
