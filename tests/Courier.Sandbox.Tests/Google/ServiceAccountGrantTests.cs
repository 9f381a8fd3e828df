using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Google;
using Courier.Sandbox.Tests.Sheets;

namespace Courier.Sandbox.Tests.Google;

public sealed class ServiceAccountGrantTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Uri TokenUrl => new(sandbox.Http.BaseAddress!, "token");

    [Fact]
    public async Task Token_WellFormedAssertion_ReturnsBearerTokenWithRequestedScope()
    {
        using var response = await new SheetsTestClient(sandbox.Http).ExchangeAsync(SheetsTestClient.Assertion(TokenUrl, DateTimeOffset.UtcNow));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ya29.", body!["access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(SheetsTestClient.SheetsScope, body["scope"]!.GetValue<string>());
        Assert.Equal(3599, body["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task Token_GoogleAudience_Accepted()
    {
        using var response = await new SheetsTestClient(sandbox.Http).ExchangeAsync(
            SheetsTestClient.Assertion(TokenUrl, DateTimeOffset.UtcNow, new() { ["aud"] = "https://oauth2.googleapis.com/token" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_Accepted_LedgerRecordsServiceAccountButNotAssertion()
    {
        var assertion = SheetsTestClient.Assertion(TokenUrl, DateTimeOffset.UtcNow);
        using var response = await new SheetsTestClient(sandbox.Http).ExchangeAsync(assertion);

        var entry = Assert.Single(await sandbox.Control.GetLedgerAsync<OAuthTokenCall>(GoogleOAuthEndpoints.RouteKey));
        var raw = await sandbox.Http.GetStringAsync("_sandbox/ledgers");

        Assert.Equal(SheetsTestClient.Email, entry.ServiceAccount);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", entry.GrantType);
        Assert.DoesNotContain(assertion.Split('.')[1], raw, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string, string> Refusals() => new()
    {
        { "aud", "https://example.com/token", "invalid_grant", "Invalid JWT: Failed audience check." },
        { "scope", null, "invalid_scope", "Invalid OAuth scope or ID token audience provided." },
        { "iss", "not-an-email", "invalid_grant", "Invalid grant: account not found" },
        { "exp", "far", "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes)" },
        { "iat", null, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes)" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Token_BadClaim_Returns400WithGoogleError(string claim, string? value, string error, string description)
    {
        var now = DateTimeOffset.UtcNow;
        JsonNode? node = value == "far" ? now.AddHours(2).ToUnixTimeSeconds() : value;
        using var response = await new SheetsTestClient(sandbox.Http).ExchangeAsync(SheetsTestClient.Assertion(TokenUrl, now, new() { [claim] = node }));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, body!["error"]!.GetValue<string>());
        Assert.StartsWith(description, body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("")]
    public async Task Token_MalformedAssertion_Returns400InvalidGrant(string assertion)
    {
        using var response = await new SheetsTestClient(sandbox.Http).ExchangeAsync(assertion);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_UnsignedAlgorithm_Returns400InvalidJwtSignature()
    {
        using var response = await new SheetsTestClient(sandbox.Http).ExchangeAsync(SheetsTestClient.Assertion(TokenUrl, DateTimeOffset.UtcNow, alg: "none"));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("Invalid JWT Signature.", body!["error_description"]!.GetValue<string>());
    }
}
