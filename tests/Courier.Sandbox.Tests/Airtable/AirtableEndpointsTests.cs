using System.Text.Json.Nodes;
using Courier.Sandbox.Airtable;
using Courier.Sandbox.Control;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Sandbox.Tests.Airtable;

public sealed class AirtableEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Formula = "AND({Ready to Deliver (Webhook)} = TRUE(), {Delivered At} = BLANK())";

    private readonly AirtableTestClient airtable = new(sandbox.Http);

    public async Task InitializeAsync()
    {
        await sandbox.Control.ResetAsync();
        await sandbox.Http.PostAsync("_sandbox/airtable/quota", System.Net.Http.Json.JsonContent.Create(new { requestsPerSecondPerBase = 1000 }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonObject Types() => new()
    {
        ["Name"] = "singleLineText",
        ["Ready to Deliver (Webhook)"] = "checkbox",
        ["Delivered At"] = "dateTime",
        ["Delivered?"] = "checkbox",
    };

    [Fact]
    public async Task List_FormulaAsAirtableJsSendsIt_ReturnsMatchingRecordsWithSelectedFieldsOnly()
    {
        await airtable.SeedAsync(new JsonArray(
            AirtableTestClient.Record("rec1", new JsonObject { ["Name"] = "a", ["Ready to Deliver (Webhook)"] = true }),
            AirtableTestClient.Record("rec2", new JsonObject { ["Name"] = "b", ["Ready to Deliver (Webhook)"] = true, ["Delivered At"] = "2026-01-01T00:00:00.000Z" }),
            AirtableTestClient.Record("rec3", new JsonObject { ["Name"] = "c" })), Types());

        // Spaces as '+' and fields%5B%5D repeated, as Airtable's JS client encodes them.
        var (status, body) = await airtable.ListAsync("filterByFormula=" + Uri.EscapeDataString(Formula).Replace("%20", "+", StringComparison.Ordinal) + "&fields%5B%5D=Name");

        Assert.Equal(200, status);
        var record = Assert.Single(body["records"]!.AsArray());
        Assert.Equal("rec1", record!["id"]!.GetValue<string>());
        Assert.Equal("""{"Name":"a"}""", record["fields"]!.ToJsonString());
        Assert.Null(body["offset"]);
    }

    [Fact]
    public async Task List_MorePagesThanPageSize_PagesWithOffsetUntilTheLastPageHasNone()
    {
        await airtable.SeedAsync(new JsonArray([.. Enumerable.Range(1, 5).Select(i => (JsonNode)AirtableTestClient.Record($"rec{i}", new JsonObject { ["Name"] = $"n{i}" }))]));

        var seen = new List<string>();
        string? offset = null;
        var pages = 0;
        do
        {
            var (status, body) = await airtable.ListAsync("pageSize=2" + (offset is null ? "" : "&offset=" + Uri.EscapeDataString(offset)));
            Assert.Equal(200, status);
            seen.AddRange(body["records"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            offset = body["offset"]?.GetValue<string>();
            pages++;
        }
        while (offset is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["rec1", "rec2", "rec3", "rec4", "rec5"], seen);
    }

    [Fact]
    public async Task List_UnknownOffset_Returns422IteratorNotAvailable()
    {
        await airtable.SeedAsync([]);

        var (status, body) = await airtable.ListAsync("offset=itrNOPE/rec1");

        Assert.Equal(422, status);
        Assert.Equal("LIST_RECORDS_ITERATOR_NOT_AVAILABLE", body["error"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("AND({Ready to Deliver (Webhook)}", "INVALID_FILTER_BY_FORMULA")]
    [InlineData("{Nope} = 1", "INVALID_FILTER_BY_FORMULA")]
    public async Task List_BadFormula_Returns422(string formula, string type)
    {
        await airtable.SeedAsync([], Types());

        var (status, body) = await airtable.ListAsync("filterByFormula=" + Uri.EscapeDataString(formula));

        Assert.Equal(422, status);
        Assert.Equal(type, body["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_TrailingSlashAndTypecast_UpdatesAndClearsFalseCheckbox()
    {
        await airtable.SeedAsync(new JsonArray(AirtableTestClient.Record("rec1", new JsonObject { ["Name"] = "a", ["Ready to Deliver (Webhook)"] = true })), Types());

        var (status, body) = await airtable.PatchAsync(
            new JsonArray(AirtableTestClient.Record("rec1", new JsonObject { ["Delivered?"] = true, ["Ready to Deliver (Webhook)"] = false })), path: "/?");
        var ledger = await sandbox.Control.GetLedgerAsync<AirtableCall>(AirtableEndpoints.LedgerName);

        Assert.Equal(200, status);
        Assert.Equal("""{"Name":"a","Delivered?":true}""", body["records"]![0]!["fields"]!.ToJsonString());
        var write = Assert.Single(ledger);
        Assert.Equal(AirtableEndpoints.UpdateKey, write.Route);
        Assert.Equal(["rec1"], write.RecordIds);
    }

    [Fact]
    public async Task Patch_ElevenRecords_Returns422AndWritesNothing()
    {
        var records = Enumerable.Range(1, 11).Select(i => (JsonNode)AirtableTestClient.Record($"rec{i}", new JsonObject { ["Name"] = "x" })).ToArray();
        await airtable.SeedAsync(new JsonArray([.. records.Select(r => r!.DeepClone())]));

        var (status, body) = await airtable.PatchAsync(new JsonArray([.. Enumerable.Range(1, 11).Select(i => (JsonNode)AirtableTestClient.Record($"rec{i}", new JsonObject { ["Name"] = "changed" }))]));
        var stored = await airtable.RecordsAsync();

        Assert.Equal(422, status);
        Assert.Equal("INVALID_RECORDS", body["error"]!["type"]!.GetValue<string>());
        Assert.All(stored, r => Assert.Equal("x", r!["fields"]!["Name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_WrongTypeForField_Returns422InvalidValueForColumn()
    {
        await airtable.SeedAsync(new JsonArray(AirtableTestClient.Record("rec1", new JsonObject { ["Name"] = "a" })), Types());

        var (status, body) = await airtable.PatchAsync(new JsonArray(AirtableTestClient.Record("rec1", new JsonObject { ["Delivered?"] = "yes" })));

        Assert.Equal(422, status);
        Assert.Equal("INVALID_VALUE_FOR_COLUMN", body["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_WithoutOrWithForeignToken_Answer401And403()
    {
        await airtable.SeedAsync([]);
        await airtable.SeedAsync([], baseId: "appOTHER", token: "patOTHER");

        var (missing, missingBody) = await airtable.ListAsync("", token: null);
        var (foreign, foreignBody) = await airtable.ListAsync("", token: "patOTHER");

        Assert.Equal(401, missing);
        Assert.Equal("AUTHENTICATION_REQUIRED", missingBody["error"]!["type"]!.GetValue<string>());
        Assert.Equal(403, foreign);
        Assert.Equal("INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", foreignBody["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_OverFivePerSecond_Answer429UntilThe30SecondPenaltyEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = await SandboxApp.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(time));
        using var http = new HttpClient { BaseAddress = SandboxApp.GetBaseAddress(app) };
        var client = new AirtableTestClient(http);
        await client.SeedAsync([]);

        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.ListAsync("")).Status);
        }

        time.Advance(TimeSpan.FromSeconds(29));
        var (during, body) = await client.ListAsync("");
        time.Advance(TimeSpan.FromSeconds(2));
        var (after, _) = await client.ListAsync("");

        Assert.Equal([200, 200, 200, 200, 200, 429], statuses);
        Assert.Equal(429, during);
        Assert.Equal("RATE_LIMIT_REACHED", body["errors"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task Faults_OnUpdateRoute_AreInjectedWithAirtableErrorBody()
    {
        await airtable.SeedAsync(new JsonArray(AirtableTestClient.Record("rec1", new JsonObject { ["Name"] = "a" })));
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = AirtableEndpoints.UpdateKey, Status = 503, Count = 1 });

        var (status, body) = await airtable.PatchAsync(new JsonArray(AirtableTestClient.Record("rec1", new JsonObject { ["Name"] = "b" })));

        Assert.Equal(503, status);
        Assert.Equal("SERVICE_UNAVAILABLE", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal("a", (await airtable.RecordsAsync())[0]!["fields"]!["Name"]!.GetValue<string>());
    }
}
