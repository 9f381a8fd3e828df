using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Sheets;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Sandbox.Tests.Sheets;

public sealed class SheetsEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Id = "book-1";

    private SheetsTestClient sheets = null!;

    public async Task InitializeAsync()
    {
        await sandbox.Control.ResetAsync();
        sheets = new SheetsTestClient(sandbox.Http);
        await sheets.CreateAsync(Id, ("Requests", ["id", "name", "status"]), ("Bob's", null));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Append_AfterHeader_ReportsNextRowInUpdatedRangeAndTableRange()
    {
        var (status, body) = await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r1", "Ann", "NEW"]));

        Assert.Equal(200, status);
        Assert.Equal(Id, body["spreadsheetId"]!.GetValue<string>());
        Assert.Equal("Requests!A1:C1", body["tableRange"]!.GetValue<string>());
        Assert.Equal("Requests!A2:C2", body["updates"]!["updatedRange"]!.GetValue<string>());
        Assert.Equal(1, body["updates"]!["updatedRows"]!.GetValue<int>());
        Assert.Equal(3, body["updates"]!["updatedColumns"]!.GetValue<int>());
        Assert.Equal(3, body["updates"]!["updatedCells"]!.GetValue<int>());
    }

    [Fact]
    public async Task Append_Twice_SecondLandsBelowFirst()
    {
        await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r1", "Ann", "NEW"], ["r2", "Bo", "NEW"]));

        var (_, body) = await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r3", "Cy", "NEW"]));
        var view = await sheets.ViewAsync(Id);

        Assert.Equal("Requests!A4:C4", body["updates"]!["updatedRange"]!.GetValue<string>());
        Assert.Equal("Requests!A1:C3", body["tableRange"]!.GetValue<string>());
        Assert.Equal("""[["id","name","status"],["r1","Ann","NEW"],["r2","Bo","NEW"],["r3","Cy","NEW"]]""", view["sheets"]![0]!["values"]!.ToJsonString());
    }

    [Fact]
    public async Task Append_EmptySheetNeedingQuotes_StartsAtRow1AndQuotesTitle()
    {
        var (status, body) = await sheets.AppendAsync(Id, "'Bob''s'!A:B", SheetsTestClient.Rows(["x", 1]));

        Assert.Equal(200, status);
        Assert.Null(body["tableRange"]);
        Assert.Equal("'Bob''s'!A1:B1", body["updates"]!["updatedRange"]!.GetValue<string>());
    }

    [Fact]
    public async Task Append_InsertRows_ShiftsRowsBelowTheTable()
    {
        await sheets.BatchUpdateAsync(Id, Update("RAW", ("Requests!E5", SheetsTestClient.Rows(["note"]))));

        await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r1", "Ann", "NEW"]));
        var (_, got) = await sheets.GetAsync(Id, "Requests!E6");

        Assert.Equal("""[["note"]]""", got["values"]!.ToJsonString());
    }

    [Fact]
    public async Task Append_UnquotedTitleWithApostrophe_Returns400UnableToParseRange()
    {
        var (status, body) = await sheets.AppendAsync(Id, "Bob's!A:B", SheetsTestClient.Rows(["x"]));

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("Unable to parse range: Bob's!A:B", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Append_MissingValueInputOption_Returns400()
    {
        var (status, body) = await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["x"]), query: "insertDataOption=INSERT_ROWS");

        Assert.Equal(400, status);
        Assert.Equal("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchUpdate_TwoRanges_WritesInPlaceAndAnswersTotals()
    {
        var (status, body) = await sheets.BatchUpdateAsync(Id, Update(
            "USER_ENTERED",
            ("Requests!A2:C2", SheetsTestClient.Rows(["r1", "Ann", "NEW"])),
            ("'Bob''s'!B3", SheetsTestClient.Rows(["12.5"]))));
        var view = await sheets.ViewAsync(Id);

        Assert.Equal(200, status);
        Assert.Equal(2, body["totalUpdatedRows"]!.GetValue<int>());
        Assert.Equal(4, body["totalUpdatedCells"]!.GetValue<int>());
        Assert.Equal(2, body["totalUpdatedSheets"]!.GetValue<int>());
        Assert.Equal(["Requests!A2:C2", "'Bob''s'!B3"], body["responses"]!.AsArray().Select(r => r!["updatedRange"]!.GetValue<string>()));
        Assert.Equal("""[[],[],["",12.5]]""", view["sheets"]![1]!["values"]!.ToJsonString());
    }

    [Fact]
    public async Task BatchUpdate_RawAndUserEntered_StoreTextOrParsedValues()
    {
        await sheets.BatchUpdateAsync(Id, Update("RAW", ("Requests!A2:C2", SheetsTestClient.Rows(["1", "TRUE", true]))));
        await sheets.BatchUpdateAsync(Id, Update("USER_ENTERED", ("Requests!A3:C3", SheetsTestClient.Rows(["1", "TRUE", "'7"]))));

        var (_, formatted) = await sheets.GetAsync(Id, "Requests!A2:C3");
        var (_, raw) = await sheets.GetAsync(Id, "Requests!A2:C3", "valueRenderOption=UNFORMATTED_VALUE");

        Assert.Equal("""[["1","TRUE","TRUE"],["1","TRUE","7"]]""", formatted["values"]!.ToJsonString());
        Assert.Equal("""[["1","TRUE",true],[1,true,"7"]]""", raw["values"]!.ToJsonString());
    }

    [Fact]
    public async Task BatchUpdate_ValuesBeyondRange_Returns400AndWritesNothing()
    {
        var (status, body) = await sheets.BatchUpdateAsync(Id, Update(
            "RAW", ("Requests!A2", SheetsTestClient.Rows(["ok"])), ("Requests!A3:B3", SheetsTestClient.Rows(["a", "b", "c"]))));
        var (_, got) = await sheets.GetAsync(Id, "Requests!A2");

        Assert.Equal(400, status);
        Assert.Equal("Requested writing within range [Requests!A3:B3], but tried writing to column [C]", body["error"]!["message"]!.GetValue<string>());
        Assert.Null(got["values"]);
    }

    [Fact]
    public async Task BatchUpdate_UnknownField_Returns400WithFieldViolation()
    {
        var request = Update("RAW", ("Requests!A2", SheetsTestClient.Rows(["x"])));
        request["data"]![0]!["rang"] = "oops";

        var (status, body) = await sheets.BatchUpdateAsync(Id, request);

        Assert.Equal(400, status);
        Assert.Equal("Invalid JSON payload received. Unknown name \"rang\" at 'data[0]': Cannot find field.", body["error"]!["message"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", body["error"]!["details"]![0]!["@type"]!.GetValue<string>());
        Assert.Equal("data[0]", body["error"]!["details"]![0]!["fieldViolations"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchUpdate_UnknownSheet_Returns400UnableToParseRange()
    {
        var (status, body) = await sheets.BatchUpdateAsync(Id, Update("RAW", ("Nope!A1", SheetsTestClient.Rows(["x"]))));

        Assert.Equal(400, status);
        Assert.Equal("Unable to parse range: Nope!A1", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchUpdate_UnknownSpreadsheet_Returns404()
    {
        var (status, body) = await sheets.BatchUpdateAsync("missing", Update("RAW", ("Requests!A1", SheetsTestClient.Rows(["x"]))));

        Assert.Equal(404, status);
        Assert.Equal("NOT_FOUND", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("Requested entity was not found.", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchUpdate_NoBearer_Returns401CredentialsMissing()
    {
        var (status, body) = await sheets.BatchUpdateAsync(Id, Update("RAW"), bearer: "");

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHENTICATED", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("CREDENTIALS_MISSING", body["error"]!["details"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchUpdate_UnknownToken_Returns401()
    {
        var (status, _) = await sheets.BatchUpdateAsync(Id, Update("RAW"), bearer: "ya29.never-issued");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task BatchUpdate_AdsTokenWithoutSheetsScope_Returns403()
    {
        var (status, body) = await sheets.BatchUpdateAsync(Id, Update("RAW"), bearer: await sandbox.GetAccessTokenAsync());

        Assert.Equal(403, status);
        Assert.Equal("ACCESS_TOKEN_SCOPE_INSUFFICIENT", body["error"]!["details"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchClear_Ranges_ClearsCellsAndAnswersClearedRanges()
    {
        await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r1", "Ann", "NEW"], ["r2", "Bo", "NEW"]));

        var (status, body) = await sheets.BatchClearAsync(Id, "Requests!B2:C2", "'Bob''s'");
        var (_, got) = await sheets.GetAsync(Id, "Requests!A1:C3");

        Assert.Equal(200, status);
        Assert.Equal(["Requests!B2:C2", "'Bob''s'!A1:Z1000"], body["clearedRanges"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("""[["id","name","status"],["r1"],["r2","Bo","NEW"]]""", got["values"]!.ToJsonString());
    }

    [Fact]
    public async Task BatchClear_BadRange_Returns400()
    {
        var (status, body) = await sheets.BatchClearAsync(Id, "Requests!A1:B2:C3");

        Assert.Equal(400, status);
        Assert.Equal("Unable to parse range: Requests!A1:B2:C3", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_OpenColumns_AnswersRangeClampedToGridAndTrimsEmptyRows()
    {
        var (status, body) = await sheets.GetAsync(Id, "Requests!A:D");

        Assert.Equal(200, status);
        Assert.Equal("Requests!A1:D1000", body["range"]!.GetValue<string>());
        Assert.Equal("ROWS", body["majorDimension"]!.GetValue<string>());
        Assert.Equal("""[["id","name","status"]]""", body["values"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_EmptyRange_OmitsValues()
    {
        var (status, body) = await sheets.GetAsync(Id, "'Bob''s'!A1:B2");

        Assert.Equal(200, status);
        Assert.Equal("'Bob''s'!A1:B2", body["range"]!.GetValue<string>());
        Assert.Null(body["values"]);
    }

    [Fact]
    public async Task WriteQuota_OverTheLimit_Returns429ResourceExhaustedUntilTheMinuteHasPassed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = await SandboxApp.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(time));
        using var http = new HttpClient { BaseAddress = SandboxApp.GetBaseAddress(app) };
        var client = new SheetsTestClient(http, time);
        await client.CreateAsync(Id, ("Requests", null));
        var write = Update("RAW", ("Requests!A1", SheetsTestClient.Rows(["x"])));

        var statuses = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            statuses.Add((await client.BatchUpdateAsync(Id, write)).Status);
        }

        var (status, body) = await client.AppendAsync(Id, "Requests!A:A", SheetsTestClient.Rows(["y"]));
        var (readStatus, _) = await client.GetAsync(Id, "Requests!A1");
        var (otherUser, _) = await client.BatchUpdateAsync(Id, write, bearer: await client.TokenAsync("other@courier-test.iam.gserviceaccount.com"));
        time.Advance(TimeSpan.FromMinutes(1));
        var (afterMinute, _) = await client.BatchUpdateAsync(Id, write);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(429, status);
        Assert.Equal("RESOURCE_EXHAUSTED", body["error"]!["status"]!.GetValue<string>());
        Assert.StartsWith("Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("RATE_LIMIT_EXCEEDED", body["error"]!["details"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(200, readStatus);
        Assert.Equal(200, otherUser);
        Assert.Equal(200, afterMinute);
    }

    [Fact]
    public async Task WriteQuota_SetThroughControlApi_AppliesUntilReset()
    {
        using var set = await sandbox.Http.PostAsJsonAsync("_sandbox/sheets/quota", new { writeRequestsPerMinutePerUser = 1 });
        var write = Update("RAW", ("Requests!A2", SheetsTestClient.Rows(["x"])));

        var first = (await sheets.BatchUpdateAsync(Id, write)).Status;
        var second = (await sheets.BatchClearAsync(Id, "Requests!A2")).Status;
        await sandbox.Control.ResetAsync(); // also forgets issued tokens: a new client gets a new one
        sheets = new SheetsTestClient(sandbox.Http);
        await sheets.CreateAsync(Id, ("Requests", null));
        var afterReset = (await sheets.BatchUpdateAsync(Id, write)).Status;

        Assert.Equal(System.Net.HttpStatusCode.OK, set.StatusCode);
        Assert.Equal([200, 429, 200], new[] { first, second, afterReset });
    }

    [Fact]
    public async Task Ledger_EachCall_RecordsRouteUserRangesRowsAndStatus()
    {
        await sheets.AppendAsync(Id, "'Bob''s'!A:B", SheetsTestClient.Rows(["a"], ["b"]));
        await sheets.BatchUpdateAsync(Id, Update("USER_ENTERED", ("Requests!A2:C2", SheetsTestClient.Rows(["r1", "Ann", "NEW"]))));
        await sheets.BatchClearAsync(Id, "Requests!A2:C2");
        await sheets.GetAsync(Id, "Requests!A1:C1");
        await sheets.GetAsync(Id, "Nope!A1");

        var entries = await sandbox.Control.GetLedgerAsync<SheetsCall>(SheetsEndpoints.LedgerName);

        Assert.Equal([SheetsEndpoints.AppendKey, SheetsEndpoints.BatchUpdateKey, SheetsEndpoints.BatchClearKey, SheetsEndpoints.GetKey, SheetsEndpoints.GetKey], entries.Select(e => e.Route));
        Assert.All(entries, e => Assert.Equal(SheetsTestClient.Email, e.User));
        Assert.Equal(["'Bob''s'!A:B"], entries[0].Ranges);
        Assert.Equal(["'Bob''s'!A1:A2"], entries[0].UpdatedRanges);
        Assert.Equal(2, entries[0].Rows);
        Assert.Equal("RAW", entries[0].ValueInputOption);
        Assert.Equal("INSERT_ROWS", entries[0].InsertDataOption);
        Assert.Equal("USER_ENTERED", entries[1].ValueInputOption);
        Assert.Equal(["Requests!A2:C2"], entries[2].UpdatedRanges);
        Assert.Equal(1, entries[3].Rows);
        Assert.Equal((400, "INVALID_ARGUMENT"), (entries[4].Status, entries[4].Error));
    }

    [Fact]
    public async Task Fault_StatusBefore_AnswersGoogleErrorAndWritesNothing()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = SheetsEndpoints.AppendKey, Status = 503, Count = 1 });

        var (status, body) = await sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r1"]));
        var view = await sheets.ViewAsync(Id);
        var entry = Assert.Single(await sandbox.Control.GetLedgerAsync<SheetsCall>(SheetsEndpoints.LedgerName));

        Assert.Equal(503, status);
        Assert.Equal("UNAVAILABLE", body["error"]!["status"]!.GetValue<string>());
        Assert.Single(view["sheets"]![0]!["values"]!.AsArray());
        Assert.Equal("status:503", entry.Fault);
    }

    [Fact]
    public async Task Fault_DropAfter_AppendTakesEffectButClientSeesNoResponse()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = SheetsEndpoints.AppendKey, Kind = FaultKind.Drop, Phase = FaultPhase.After, Count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => sheets.AppendAsync(Id, "Requests!A:C", SheetsTestClient.Rows(["r1"])));
        var view = await sheets.ViewAsync(Id);

        Assert.Equal("""[["id","name","status"],["r1"]]""", view["sheets"]![0]!["values"]!.ToJsonString());
    }

    [Fact]
    public async Task Control_ViewUnknownSpreadsheet_Returns404AndDuplicateCreateReturns409()
    {
        using var missing = await sandbox.Http.GetAsync("_sandbox/sheets/nope");
        using var duplicate = await sandbox.Http.PostAsJsonAsync("_sandbox/sheets", new { spreadsheetId = Id });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    private static JsonObject Update(string valueInputOption, params (string Range, JsonArray Values)[] data) => new()
    {
        ["valueInputOption"] = valueInputOption,
        ["data"] = new JsonArray([.. data.Select(d => (JsonNode)new JsonObject { ["range"] = d.Range, ["majorDimension"] = "ROWS", ["values"] = d.Values })]),
    };
}
