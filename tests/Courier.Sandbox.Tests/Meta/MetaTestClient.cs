using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Tests.Meta;

/// <summary>Calls the sandbox's Graph routes as Courier would: a Page token in <c>Authorization: Bearer</c>, form bodies.</summary>
internal sealed class MetaTestClient(HttpClient http)
{
    public const string Version = "v25.0";
    public const string PageId = "1010101010";
    public const string PageToken = "EAAB-page-token-1";
    public const string InstagramId = "17841400000000001";
    public const string OtherPageId = "2020202020";
    public const string OtherToken = "EAAB-page-token-2";

    public async Task RegisterAsync(string pageId = PageId, string token = PageToken, string? instagramUserId = InstagramId)
    {
        using var response = await http.PostAsJsonAsync("_sandbox/meta/pages", new { pageId, accessToken = token, instagramUserId });
        response.EnsureSuccessStatusCode();
    }

    public Task<(int Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(string path, Dictionary<string, string> form, string? token = PageToken) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(form), token);

    public Task<(int Status, JsonObject Body, HttpResponseMessage Response)> GetAsync(string path, string? token = PageToken) =>
        SendAsync(HttpMethod.Get, path, null, token);

    public async Task<string> CreateContainerAsync(string caption = "hello", string imageUrl = "https://img.example/1.jpg")
    {
        var (status, body, _) = await PostAsync($"{InstagramId}/media", new() { ["image_url"] = imageUrl, ["caption"] = caption });
        Assert.Equal(200, status);
        return body["id"]!.GetValue<string>();
    }

    public async Task<string> StatusAsync(string containerId) =>
        (await GetAsync($"{containerId}?fields=status_code,status")).Body["status_code"]!.GetValue<string>();

    public async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, HttpContent? content, string? token)
    {
        using var request = new HttpRequestMessage(method, $"{Version}/{path}") { Content = content };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject(), response);
    }

    public static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
