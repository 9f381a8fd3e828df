using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Courier.Sandbox;
using Courier.Sandbox.Control;
using Courier.Sandbox.Sheets;
using Microsoft.AspNetCore.Builder;

namespace Courier.Standalone.Tests.Jobs.WriteBack;

/// <summary>The provider sandbox on a free loopback port for the write-back tests: spreadsheets, their contents, the <c>sheets</c> ledger.</summary>
public sealed class SheetsSandbox : IAsyncLifetime
{
    public const string Ledger = "sheets";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    /// <summary>The Courier settings that point the Sheets client at this sandbox.</summary>
    public Dictionary<string, string?> SheetsSettings() => new()
    {
        ["Sheets:BaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
        ["Sheets:TokenUrl"] = new Uri(BaseAddress, "token").ToString(),
    };

    /// <summary>Creates a spreadsheet with one sheet per (title, header row).</summary>
    public async Task CreateAsync(string spreadsheetId, params (string Title, string[] Header)[] sheets)
    {
        var body = new JsonObject
        {
            ["spreadsheetId"] = spreadsheetId,
            ["sheets"] = new JsonArray([.. sheets.Select(s => (JsonNode)new JsonObject
            {
                ["title"] = s.Title,
                ["header"] = new JsonArray([.. s.Header.Select(h => (JsonNode)h)]),
            })]),
        };
        using var response = await Http.PostAsJsonAsync("_sandbox/sheets", body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The cells of one sheet, row by row from row 1, rendered as text ("" for empty).</summary>
    public async Task<List<List<string>>> RowsAsync(string spreadsheetId, string sheet)
    {
        var view = await Http.GetFromJsonAsync<JsonObject>($"_sandbox/sheets/{Uri.EscapeDataString(spreadsheetId)}");
        var tab = view!["sheets"]!.AsArray().Single(s => s!["title"]!.GetValue<string>() == sheet)!;
        var rows = tab["values"]!.AsArray()
            .Select(r => r!.AsArray().Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? s : c?.ToJsonString() ?? "").ToList())
            .ToList();
        // Trailing empty rows say nothing about what Courier wrote; rows are as wide as the header, as the sheet shows them.
        while (rows.Count > 0 && rows[^1].All(c => c.Length == 0)) rows.RemoveAt(rows.Count - 1);
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        foreach (var row in rows) row.AddRange(Enumerable.Repeat("", width - row.Count));
        return rows;
    }

    /// <summary>The Sheets calls made on one spreadsheet, in arrival order.</summary>
    public async Task<IReadOnlyList<SheetsCall>> CallsAsync(string spreadsheetId) =>
        (await Control.GetLedgerAsync<SheetsCall>(Ledger)).Where(c => c.SpreadsheetId == spreadsheetId).OrderBy(c => c.Sequence).ToList();

    /// <summary>Write calls (batchUpdate, append, batchClear) on one spreadsheet.</summary>
    public async Task<IReadOnlyList<SheetsCall>> WritesAsync(string spreadsheetId) =>
        (await CallsAsync(spreadsheetId)).Where(c => c.Route != "sheets.get").ToList();

    public async Task SetWriteQuotaAsync(int perMinutePerUser)
    {
        using var response = await Http.PostAsJsonAsync("_sandbox/sheets/quota", new { writeRequestsPerMinutePerUser = perMinutePerUser });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Writes one cell as a person would in the browser (a user of its own, outside Courier's quota).</summary>
    public async Task TypeAsync(string spreadsheetId, string range, string value)
    {
        using var token = await Http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = Assertion("person@courier-test.iam.gserviceaccount.com"),
        }));
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v4/spreadsheets/{spreadsheetId}/values:batchUpdate")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["valueInputOption"] = "RAW",
                ["data"] = new JsonArray(new JsonObject { ["range"] = range, ["values"] = new JsonArray(new JsonArray(value)) }),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task InitializeAsync()
    {
        _app = await SandboxApp.StartAsync();
        BaseAddress = SandboxApp.GetBaseAddress(_app);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Control = new SandboxControlClient(Http);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    private string Assertion(string email)
    {
        var now = DateTimeOffset.UtcNow;
        static string Part(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
        var claims = new JsonObject
        {
            ["iss"] = email,
            ["scope"] = "https://www.googleapis.com/auth/spreadsheets",
            ["aud"] = new Uri(BaseAddress, "token").ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Part(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" })}.{Part(claims)}.c2lnbmF0dXJl";
    }
}
