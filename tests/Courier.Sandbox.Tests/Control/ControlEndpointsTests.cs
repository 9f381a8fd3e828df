using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.GoogleAds;

namespace Courier.Sandbox.Tests.Control;

public sealed class ControlEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Faults_StatusForNextTwoCalls_TwoFailThenNormalAndLedgerCountsAll()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 503, Count = 2 });

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await sandbox.UploadAsync([SandboxFixture.Conversion($"g{i}", $"o{i}")], token)).Status);
        }

        var ledger = await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey);

        Assert.Equal([503, 503, 200], statuses);
        Assert.Equal(3, ledger.Count);
        Assert.Equal(["status:503", "status:503", null], ledger.Select(c => c.Fault));
        Assert.Equal([0, 0, 1], ledger.Select(c => c.AcceptedCount));
    }

    [Fact]
    public async Task Faults_StatusWithBodyAndHeaders_ReturnedAsGiven()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec
        {
            Route = GoogleAdsEndpoints.RouteKey,
            Status = 429,
            Body = new JsonObject { ["error"] = new JsonObject { ["code"] = 429, ["status"] = "RESOURCE_EXHAUSTED" } },
            Headers = new() { ["Retry-After"] = "120" },
            Count = 1,
        });

        using var response = await SendUploadAsync(token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter!.Delta);
        Assert.Equal("RESOURCE_EXHAUSTED", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Faults_Timeout_ClientGivesUpAndNothingIsAccepted()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Kind = FaultKind.Timeout, Count = 1 });
        using var impatient = new HttpClient { BaseAddress = sandbox.Http.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => SendUploadAsync(token, impatient));
        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey));

        Assert.Equal("timeout", call.Fault);
        Assert.Equal(0, call.AcceptedCount);
    }

    [Fact]
    public async Task Faults_Drop_ClientSeesTransportError()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Kind = FaultKind.Drop, Count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendUploadAsync(token));
    }

    [Fact]
    public async Task Faults_AfterPhase_CallTakesEffectButClientSeesFault()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Kind = FaultKind.Drop, Phase = FaultPhase.After, Count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendUploadAsync(token));
        var (_, resend) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")], token);
        var first = (await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey))[0];

        Assert.Equal(1, first.AcceptedCount);
        Assert.Equal("drop", first.Fault);
        Assert.Equal("ORDER_ID_ALREADY_IN_USE", resend["partialFailureError"]!["details"]![0]!["errors"]![0]!["errorCode"]!["conversionUploadError"]!.GetValue<string>());
    }

    [Fact]
    public async Task Faults_LatencyOnTokenRoute_CallStillSucceeds()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = "oauth.token", Kind = FaultKind.Latency, Delay = TimeSpan.FromMilliseconds(50), Count = 1 });

        var token = await sandbox.GetAccessTokenAsync();

        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task Faults_UnknownRoute_Rejected400()
    {
        using var response = await sandbox.Http.PostAsJsonAsync("_sandbox/faults", new { route = "nope", kind = "status" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Faults_ListAndClear_ShowsRemainingThenEmpty()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Count = 3 });
        var listed = await sandbox.Http.GetFromJsonAsync<JsonArray>("_sandbox/faults");

        await sandbox.Control.ClearFaultsAsync(GoogleAdsEndpoints.RouteKey);
        var after = await sandbox.Http.GetFromJsonAsync<JsonArray>("_sandbox/faults");

        Assert.Equal(3, Assert.Single(listed!)!["remaining"]!.GetValue<int>());
        Assert.Empty(after!);
    }

    [Fact]
    public async Task Reset_AfterUploadsAndFaults_ClearsLedgersDedupeAndFaults()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")], token);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey });

        await sandbox.Control.ResetAsync();
        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);
        var ledger = await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey);

        Assert.Equal(200, status);
        Assert.Null(body["partialFailureError"]);
        Assert.Single(ledger);
    }

    [Fact]
    public async Task Ledgers_UnknownName_404()
    {
        using var response = await sandbox.Http.GetAsync("_sandbox/ledgers/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Ledgers_All_KeyedByNameWithCounts()
    {
        await sandbox.GetAccessTokenAsync();

        var all = await sandbox.Http.GetFromJsonAsync<JsonObject>("_sandbox/ledgers");

        Assert.Equal(1, all!["oauth.token"]!["count"]!.GetValue<int>());
        Assert.Equal(0, all["ads.upload"]!["count"]!.GetValue<int>());
    }

    private Task<HttpResponseMessage> SendUploadAsync(string token, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SandboxFixture.ApiVersion}/customers/1234567890:uploadClickConversions")
        {
            Content = JsonContent.Create(new { partialFailure = true, conversions = new[] { SandboxFixture.Conversion("g1", "o1") } }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("developer-token", "dev");
        return (client ?? sandbox.Http).SendAsync(request);
    }
}
