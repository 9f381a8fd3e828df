using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.GoogleAds;

namespace Courier.Sandbox.Tests.GoogleAds;

public sealed class GoogleAdsEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Upload_MixedRows_FailedRowsGetEmptyResultAndErrorAtTheirIndex()
    {
        var (status, body) = await sandbox.UploadAsync(
        [
            SandboxFixture.Conversion("good1", "o1"),
            SandboxFixture.Conversion("bad-click", "o2"),
            SandboxFixture.Conversion("good2", "o3"),
            SandboxFixture.Conversion("toorecent1", "o4"),
        ]);

        var results = body["results"]!.AsArray();
        var failure = body["partialFailureError"]!;
        var errors = failure["details"]![0]!["errors"]!.AsArray();

        Assert.Equal(200, status);
        Assert.Equal(4, results.Count);
        Assert.Equal("good1", results[0]!["gclid"]!.GetValue<string>());
        Assert.Empty(results[1]!.AsObject());
        Assert.Equal("good2", results[2]!["gclid"]!.GetValue<string>());
        Assert.Empty(results[3]!.AsObject());
        Assert.Equal(3, failure["code"]!.GetValue<int>());
        Assert.Equal("type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure", failure["details"]![0]!["@type"]!.GetValue<string>());
        Assert.Equal([1, 3], errors.Select(e => e!["location"]!["fieldPathElements"]![0]!["index"]!.GetValue<int>()));
        Assert.Equal(["UNPARSEABLE_GCLID", "TOO_RECENT_EVENT"], errors.Select(e => e!["errorCode"]!["conversionUploadError"]!.GetValue<string>()));
        Assert.Equal("conversions", errors[0]!["location"]!["fieldPathElements"]![0]!["fieldName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_AllRowsGood_NoPartialFailureError()
    {
        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1"), SandboxFixture.Conversion("g2", "o2")]);

        Assert.Equal(200, status);
        Assert.Null(body["partialFailureError"]);
        Assert.Equal(2, body["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Upload_SameOrderIdInLaterRequest_OrderIdAlreadyInUse()
    {
        await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "order-1")]);

        var (_, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g2", "order-1")]);

        Assert.Equal("ORDER_ID_ALREADY_IN_USE", RowError(body, 0));
    }

    [Fact]
    public async Task Upload_SameOrderIdOtherConversionAction_Accepted()
    {
        await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "order-1")]);
        var other = SandboxFixture.Conversion("g1", "order-1");
        other["conversionAction"] = "customers/1234567890/conversionActions/43";

        var (_, body) = await sandbox.UploadAsync([other]);

        Assert.Null(body["partialFailureError"]);
    }

    [Fact]
    public async Task Upload_SameOrderIdTwiceInOneRequest_SecondIsDuplicateOrderId()
    {
        var (_, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "order-1"), SandboxFixture.Conversion("g2", "order-1")]);

        Assert.NotEmpty(body["results"]![0]!.AsObject());
        Assert.Equal("DUPLICATE_ORDER_ID", RowError(body, 1));
    }

    [Fact]
    public async Task Upload_SameClickAndTimeWithoutOrderIdInLaterRequest_ClickConversionAlreadyExists()
    {
        await sandbox.UploadAsync([SandboxFixture.Conversion("g1")]);

        // The same instant written in another offset is the same conversion.
        var (_, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", dateTime: "2026-01-02 12:45:00+00:00")]);

        Assert.Equal("CLICK_CONVERSION_ALREADY_EXISTS", RowError(body, 0));
    }

    [Fact]
    public async Task Upload_SameClickAndTimeTwiceInOneRequest_DuplicateClickConversionInRequest()
    {
        var (_, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1"), SandboxFixture.Conversion("g1")]);

        Assert.Equal("DUPLICATE_CLICK_CONVERSION_IN_REQUEST", RowError(body, 1));
    }

    [Theory]
    [InlineData("gclid", "has space", "UNPARSEABLE_GCLID")]
    [InlineData("gbraid", "badbraid", "UNPARSEABLE_GBRAID")]
    [InlineData("wbraid", "x.y", "UNPARSEABLE_WBRAID")]
    [InlineData("gclid", "expired-1", "EXPIRED_EVENT")]
    [InlineData("gclid", "notfound-1", "EVENT_NOT_FOUND")]
    public async Task Upload_MagicOrMalformedClickId_RowErrorCode(string field, string value, string expected)
    {
        var row = SandboxFixture.Conversion("unused");
        row.Remove("gclid");
        row[field] = value;

        var (_, body) = await sandbox.UploadAsync([row]);

        Assert.Equal(expected, RowError(body, 0));
    }

    [Fact]
    public async Task Upload_GbraidAndWbraidBothSet_GbraidWbraidBothSet()
    {
        var row = SandboxFixture.Conversion("unused");
        row.Remove("gclid");
        row["gbraid"] = "b1";
        row["wbraid"] = "w1";

        var (_, body) = await sandbox.UploadAsync([row]);

        Assert.Equal("GBRAID_WBRAID_BOTH_SET", RowError(body, 0));
    }

    [Theory]
    [InlineData("2026-01-02T13:45:00+01:00")]
    [InlineData("2026-01-02 13:45:00Z")]
    [InlineData("2026-01-02 13:45:00")]
    [InlineData("2026-01-02 13:45:00+0100")]
    public async Task Upload_DateTimeNotGoogleFormat_DateError(string dateTime)
    {
        var (_, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", dateTime: dateTime)]);

        Assert.Equal("INVALID_FIELD_VALUES_IN_DATE_TIME", RowError(body, 0));
    }

    [Fact]
    public async Task Upload_2000Conversions_AllAccepted()
    {
        var rows = new JsonArray([.. Enumerable.Range(0, 2000).Select(i => (JsonNode)SandboxFixture.Conversion($"g{i}", $"o{i}"))]);

        var (status, body) = await sandbox.UploadAsync(rows);

        Assert.Equal(200, status);
        Assert.Null(body["partialFailureError"]);
        Assert.Equal(2000, body["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Upload_2001Conversions_WholeRequestFails400TooMany()
    {
        var rows = new JsonArray([.. Enumerable.Range(0, 2001).Select(i => (JsonNode)SandboxFixture.Conversion($"g{i}", $"o{i}"))]);

        var (status, body) = await sandbox.UploadAsync(rows);
        var ledger = await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey);

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("TOO_MANY_CONVERSIONS_IN_REQUEST", body["error"]!["details"]![0]!["errors"]![0]!["errorCode"]!["conversionUploadError"]!.GetValue<string>());
        Assert.Equal(0, Assert.Single(ledger).AcceptedCount);
    }

    [Fact]
    public async Task Upload_UnknownBearerToken_401OauthTokenInvalid()
    {
        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1")], token: "ya29.never-issued");

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHENTICATED", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("OAUTH_TOKEN_INVALID", body["error"]!["details"]![0]!["errors"]![0]!["errorCode"]!["authenticationError"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_NoDeveloperToken_401DeveloperTokenInvalid()
    {
        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1")], developerToken: null);

        Assert.Equal(401, status);
        Assert.Equal("DEVELOPER_TOKEN_INVALID", body["error"]!["details"]![0]!["errors"]![0]!["errorCode"]!["authenticationError"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_UnapprovedDeveloperToken_403NotApproved()
    {
        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1")], developerToken: "unapproved-1");

        Assert.Equal(403, status);
        Assert.Equal("DEVELOPER_TOKEN_NOT_APPROVED", body["error"]!["details"]![0]!["errors"]![0]!["errorCode"]!["authorizationError"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_CustomerIdWithDashes_400InvalidCustomerId()
    {
        var (status, _) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1")], customerId: "123-456-7890");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Upload_PartialFailureOff_400()
    {
        var (status, _) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1")], partialFailure: false);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Upload_ValidateOnly_ReturnsErrorsButStoresNothing()
    {
        var (_, first) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1"), SandboxFixture.Conversion("bad", "o2")], validateOnly: true);
        var (_, second) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);

        Assert.Null(first["results"]);
        Assert.Equal("UNPARSEABLE_GCLID", RowError(first, 1));
        Assert.Null(second["partialFailureError"]);
    }

    [Fact]
    public async Task Upload_AnyCall_LedgerShowsRowsAcceptanceAndRedactsSecretHeaders()
    {
        var token = await sandbox.GetAccessTokenAsync();
        await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1"), SandboxFixture.Conversion("bad", "o2")], token, developerToken: "dev-secret");

        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey));
        var raw = await sandbox.Http.GetStringAsync("_sandbox/ledgers/ads.upload");

        Assert.Equal("1234567890", call.CustomerId);
        Assert.Equal("v21", call.ApiVersion);
        Assert.True(call.PartialFailure);
        Assert.Equal([true, false], call.Rows.Select(r => r.Accepted));
        Assert.Equal("UNPARSEABLE_GCLID", call.Rows[1].ErrorCode);
        Assert.Equal("o1", call.Rows[0].OrderId);
        Assert.Equal(12.5m, call.Rows[0].ConversionValue);
        Assert.Equal("[redacted]", call.Headers["developer-token"]);
        Assert.Equal("[redacted]", call.Headers["authorization"]);
        Assert.DoesNotContain("dev-secret", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ResultsAndLedger_KeepPlusInOffsetUnescaped()
    {
        await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);

        var raw = await sandbox.Http.GetStringAsync("_sandbox/ledgers/ads.upload");

        Assert.Contains("13:45:00+01:00", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", 400)]
    [InlineData("[1,2]", 400)]
    [InlineData("{\"partialFailure\":true,\"conversions\":[]}", 400)]
    public async Task Upload_MalformedBody_400NotServerError(string raw, int expected)
    {
        var token = await sandbox.GetAccessTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v21/customers/1234567890:uploadClickConversions")
        {
            Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("developer-token", "dev");

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact]
    public async Task Upload_RowNotAnObject_RowErrorOthersAccepted()
    {
        var (status, body) = await sandbox.UploadAsync([JsonValue.Create(5), SandboxFixture.Conversion("g1", "o1")]);

        Assert.Equal(200, status);
        Assert.Equal("REQUIRED", RowError(body, 0));
        Assert.NotEmpty(body["results"]![1]!.AsObject());
    }

    private static string RowError(JsonObject body, int index)
    {
        var errors = body["partialFailureError"]!["details"]![0]!["errors"]!.AsArray();
        var error = errors.Single(e => e!["location"]!["fieldPathElements"]![0]!["index"]!.GetValue<int>() == index)!;
        return error["errorCode"]!.AsObject().Single().Value!.GetValue<string>();
    }
}
