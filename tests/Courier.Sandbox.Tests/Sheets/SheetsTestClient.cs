using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Tests.Sheets;

/// <summary>Calls the sandbox's Sheets routes as a service account would: a JWT-bearer token, then JSON requests.</summary>
internal sealed class SheetsTestClient(HttpClient http, TimeProvider? time = null)
{
    public const string Email = "writer@courier-test.iam.gserviceaccount.com";
    public const string SheetsScope = "https://www.googleapis.com/auth/spreadsheets";

    private string? token;

    /// <summary>An unsigned-but-shaped assertion; <paramref name="claims"/> overrides or removes (null) claims.</summary>
    public static string Assertion(Uri tokenUrl, DateTimeOffset now, Dictionary<string, JsonNode?>? claims = null, string alg = "RS256")
    {
        var body = new JsonObject
        {
            ["iss"] = Email,
            ["scope"] = SheetsScope,
            ["aud"] = tokenUrl.ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in claims ?? [])
        {
            body.Remove(name);
            if (value is not null)
            {
                body[name] = value;
            }
        }

        static string Part(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
        return $"{Part(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" })}.{Part(body)}.c2lnbmF0dXJl";
    }

    public Task<HttpResponseMessage> ExchangeAsync(string assertion) => http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
        ["assertion"] = assertion,
    }));

    public async Task<string> TokenAsync(string email = Email)
    {
        if (token is not null && email == Email)
        {
            return token;
        }

        using var response = await ExchangeAsync(Assertion(new Uri(http.BaseAddress!, "token"), (time ?? TimeProvider.System).GetUtcNow(), new() { ["iss"] = email }));
        response.EnsureSuccessStatusCode();
        var issued = (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        return email == Email ? token = issued : issued;
    }

    public async Task CreateAsync(string id, params (string Title, string[]? Header)[] sheets)
    {
        var body = new JsonObject
        {
            ["spreadsheetId"] = id,
            ["sheets"] = new JsonArray([.. sheets.Select(s => (JsonNode)new JsonObject
            {
                ["title"] = s.Title,
                ["header"] = s.Header is null ? null : new JsonArray([.. s.Header.Select(h => (JsonNode)h)]),
            })]),
        };
        using var response = await http.PostAsJsonAsync("_sandbox/sheets", body);
        response.EnsureSuccessStatusCode();
    }

    public Task<(int Status, JsonObject Body)> BatchUpdateAsync(string id, JsonObject body, string? bearer = null) =>
        SendAsync(HttpMethod.Post, $"v4/spreadsheets/{id}/values:batchUpdate", body, bearer);

    public Task<(int Status, JsonObject Body)> AppendAsync(string id, string range, JsonArray rows, string query = "valueInputOption=RAW&insertDataOption=INSERT_ROWS") =>
        SendAsync(HttpMethod.Post, $"v4/spreadsheets/{id}/values/{Uri.EscapeDataString(range)}:append?{query}", new JsonObject { ["majorDimension"] = "ROWS", ["values"] = rows });

    public Task<(int Status, JsonObject Body)> BatchClearAsync(string id, params string[] ranges) =>
        SendAsync(HttpMethod.Post, $"v4/spreadsheets/{id}/values:batchClear", new JsonObject { ["ranges"] = new JsonArray([.. ranges.Select(r => (JsonNode)r)]) });

    public Task<(int Status, JsonObject Body)> GetAsync(string id, string range, string query = "") =>
        SendAsync(HttpMethod.Get, $"v4/spreadsheets/{id}/values/{Uri.EscapeDataString(range)}{(query.Length > 0 ? "?" + query : "")}", null);

    public async Task<JsonObject> ViewAsync(string id) => (await http.GetFromJsonAsync<JsonObject>($"_sandbox/sheets/{id}"))!;

    public async Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string uri, JsonNode? body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (bearer != "")
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bearer ?? await TokenAsync()}");
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public static JsonArray Rows(params object[][] rows) =>
        new([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(v => System.Text.Json.JsonSerializer.SerializeToNode(v))]))]);
}
