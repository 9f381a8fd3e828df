using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Tests;

/// <summary>A sandbox on a free loopback port, one per test class, with helpers to get a token and upload conversions.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const string Action = "customers/1234567890/conversionActions/42";

    /// <summary>A version the sandbox serves by default (v19 to v22 are sunset, v18 and older retired).</summary>
    public const string ApiVersion = "v26";

    private WebApplication? app;

    public HttpClient Http { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        app = await SandboxApp.StartAsync();
        Http = new HttpClient { BaseAddress = SandboxApp.GetBaseAddress(app) };
        Control = new SandboxControlClient(Http);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public async Task<string> GetAccessTokenAsync(string refreshToken = "refresh-1")
    {
        using var response = await Http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "client-1",
            ["client_secret"] = "secret-1",
            ["refresh_token"] = refreshToken,
        }));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["access_token"]!.GetValue<string>();
    }

    public async Task<(int Status, JsonObject Body)> UploadAsync(
        JsonArray conversions, string? token = null, string? developerToken = "dev-token", bool partialFailure = true, bool validateOnly = false, string customerId = "1234567890")
    {
        var body = new JsonObject
        {
            ["conversions"] = conversions,
            ["partialFailure"] = partialFailure,
            ["validateOnly"] = validateOnly,
        };
        var (status, text) = await PostUploadAsync(body, token: token, developerToken: developerToken, customerId: customerId);
        return (status, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Posts <paramref name="body"/> as it is (any field names) to <paramref name="version"/>; returns the status and raw text.</summary>
    public async Task<(int Status, string Text)> PostUploadAsync(
        JsonObject body, string version = ApiVersion, string? token = null, string? developerToken = "dev-token", string customerId = "1234567890")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{version}/customers/{customerId}:uploadClickConversions")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token ?? await GetAccessTokenAsync()}");
        if (developerToken is not null)
        {
            request.Headers.TryAddWithoutValidation("developer-token", developerToken);
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static JsonObject Conversion(string gclid, string? orderId = null, string dateTime = "2026-01-02 13:45:00+01:00") => new()
    {
        ["gclid"] = gclid,
        ["conversionAction"] = Action,
        ["conversionDateTime"] = dateTime,
        ["conversionValue"] = 12.5,
        ["currencyCode"] = "EUR",
        ["orderId"] = orderId,
    };
}
