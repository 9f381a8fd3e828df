using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Google;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Sandbox.Tests.Google;

public sealed class GoogleOAuthEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Token_ValidRefreshToken_ReturnsBearerTokenOfGoogleShape()
    {
        using var response = await PostTokenAsync("refresh-1");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ya29.", body!["access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3599, body["expires_in"]!.GetValue<int>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(GoogleOAuthEndpoints.Scope, body["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_RevokedRefreshToken_Returns400InvalidGrant()
    {
        using var response = await PostTokenAsync("revoked-123");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body!["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error_description"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Token_WrongGrantType_Returns400UnsupportedGrantType()
    {
        using var response = await PostTokenAsync("refresh-1", grantType: "password");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_AnyCall_LedgerHoldsClientIdButNoSecrets()
    {
        using var response = await PostTokenAsync("refresh-secret-value");
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();

        var entries = await sandbox.Control.GetLedgerAsync<OAuthTokenCall>(GoogleOAuthEndpoints.RouteKey);
        var raw = await sandbox.Http.GetStringAsync("_sandbox/ledgers");

        var entry = Assert.Single(entries);
        Assert.Equal("client-1", entry.ClientId);
        Assert.Equal(200, entry.Status);
        Assert.DoesNotContain("refresh-secret-value", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-1", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAccessTokens_AfterIssue_ApiCallsWithOldTokenGet401()
    {
        var token = await sandbox.GetAccessTokenAsync();
        using var revoke = await sandbox.Http.PostAsync("_sandbox/google/revoke-access-tokens", null);

        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1")], token);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(401, status);
        Assert.Equal("OAUTH_TOKEN_INVALID", body["error"]!["details"]![0]!["errors"]![0]!["errorCode"]!["authenticationError"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_TokenOlderThanItsLifetime_Returns401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = await SandboxApp.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(time));
        using var http = new HttpClient { BaseAddress = SandboxApp.GetBaseAddress(app) };
        var token = await GetTokenAsync(http);
        time.Advance(GoogleOAuthState.Lifetime);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{SandboxFixture.ApiVersion}/customers/1:uploadClickConversions")
        {
            Content = JsonContent.Create(new { partialFailure = true, conversions = new[] { SandboxFixture.Conversion("g1") } }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("developer-token", "dev");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<string> GetTokenAsync(HttpClient http)
    {
        using var response = await http.PostAsync("token", Form("refresh-1", "refresh_token"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> PostTokenAsync(string refreshToken, string grantType = "refresh_token") =>
        sandbox.Http.PostAsync("token", Form(refreshToken, grantType));

    private static FormUrlEncodedContent Form(string refreshToken, string grantType) => new(new Dictionary<string, string>
    {
        ["grant_type"] = grantType,
        ["client_id"] = "client-1",
        ["client_secret"] = "secret-1",
        ["refresh_token"] = refreshToken,
    });
}
