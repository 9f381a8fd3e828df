using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Courier.Sandbox.Tests.Sheets;

namespace Courier.Sandbox.Tests.Drive;

/// <summary>Calls the sandbox's Drive routes as a service account with the drive scope would.</summary>
internal sealed class DriveTestClient(HttpClient http)
{
    public const string DriveScope = "https://www.googleapis.com/auth/drive";

    private string? token;

    public async Task<string> TokenAsync(string scope = DriveScope)
    {
        if (token is not null && scope == DriveScope)
        {
            return token;
        }

        var sheets = new SheetsTestClient(http);
        using var response = await sheets.ExchangeAsync(SheetsTestClient.Assertion(new Uri(http.BaseAddress!, "token"), DateTimeOffset.UtcNow, new() { ["scope"] = scope }));
        response.EnsureSuccessStatusCode();
        var issued = (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        return scope == DriveScope ? token = issued : issued;
    }

    /// <summary>Seeds a tree; returns the control API's nested view (ids included).</summary>
    public async Task<JsonObject> SeedAsync(JsonObject root, string? parentId = null)
    {
        using var response = await http.PostAsJsonAsync("_sandbox/drive/tree", new JsonObject { ["parentId"] = parentId, ["root"] = root });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task SharedDriveAsync(string id)
    {
        using var response = await http.PostAsJsonAsync("_sandbox/drive/drives", new { id, name = "Partners" });
        response.EnsureSuccessStatusCode();
    }

    public static JsonObject Folder(string name, params JsonObject[] children) => new() { ["name"] = name, ["children"] = new JsonArray(children) };

    public static JsonObject File(string name, string? id = null) => new() { ["name"] = name, ["id"] = id };

    public Task<(int Status, JsonObject Body)> GetAsync(string uri, string? bearer = null) => SendAsync(HttpMethod.Get, uri, null, bearer);

    public Task<(int Status, JsonObject Body)> PostAsync(string uri, JsonObject body, string? bearer = null) => SendAsync(HttpMethod.Post, uri, body, bearer);

    public async Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string uri, JsonNode? body, string? bearer)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bearer ?? await TokenAsync()}");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
