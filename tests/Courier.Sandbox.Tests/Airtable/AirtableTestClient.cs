using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Tests.Airtable;

/// <summary>Seeds a base and calls the sandbox's Airtable routes with a PAT, as Airtable's own client would.</summary>
internal sealed class AirtableTestClient(HttpClient http)
{
    public const string Base = "appTEST0000000001";
    public const string Token = "patTEST.secret-value";
    public const string Table = "Creative Review Asset Status";

    public async Task SeedAsync(JsonArray records, JsonObject? fieldTypes = null, string table = Table, string baseId = Base, string token = Token)
    {
        var body = new JsonObject
        {
            ["baseId"] = baseId,
            ["token"] = token,
            ["tables"] = new JsonArray(new JsonObject { ["name"] = table, ["fieldTypes"] = fieldTypes, ["records"] = records }),
        };
        using var response = await http.PostAsJsonAsync("_sandbox/airtable/bases", body);
        response.EnsureSuccessStatusCode();
    }

    public static JsonObject Record(string id, JsonObject fields) => new() { ["id"] = id, ["fields"] = fields };

    public Task<(int Status, JsonObject Body)> ListAsync(string query, string table = Table, string? token = Token) =>
        SendAsync(HttpMethod.Get, $"v0/{Base}/{Uri.EscapeDataString(table)}?{query}", null, token);

    public Task<(int Status, JsonObject Body)> PatchAsync(JsonArray records, string path = "", string? token = Token) =>
        SendAsync(HttpMethod.Patch, $"v0/{Base}/{Uri.EscapeDataString(Table)}{path}", new JsonObject { ["records"] = records, ["typecast"] = true }, token);

    public async Task<JsonArray> RecordsAsync(string table = Table) =>
        (JsonArray)(await http.GetFromJsonAsync<JsonObject>($"_sandbox/airtable/bases/{Base}/tables/{Uri.EscapeDataString(table)}/records"))!["records"]!;

    public async Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string uri, JsonNode? body, string? token)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
