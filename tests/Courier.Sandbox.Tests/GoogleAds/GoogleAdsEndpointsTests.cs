using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
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
        Assert.Equal("type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure", failure["details"]![0]!["@type"]!.GetValue<string>());
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
        Assert.Equal("v26", call.ApiVersion);
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
        using var request = new HttpRequestMessage(HttpMethod.Post, "v26/customers/1234567890:uploadClickConversions")
        {
            Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("developer-token", "dev");

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Upload_PartialFailureFalseOrMissing_400PartialFailureModeRequired(bool? partialFailure)
    {
        var body = new JsonObject { ["conversions"] = new JsonArray(SandboxFixture.Conversion("g1", "o1")) };
        if (partialFailure is { } flag)
        {
            body["partialFailure"] = flag;
        }

        var (status, text) = await sandbox.PostUploadAsync(body);
        var error = JsonNode.Parse(text)!["error"]!;
        var entry = error["details"]![0]!["errors"]![0]!;

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Equal("PARTIAL_FAILURE_MODE_REQUIRED", entry["errorCode"]!["partialFailureError"]!.GetValue<string>());
        Assert.Equal("partial_failure", entry["location"]!["fieldPathElements"]![0]!["fieldName"]!.GetValue<string>());
        Assert.Equal(0, Assert.Single(await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey)).AcceptedCount);
    }

    [Fact]
    public async Task Upload_MisspeltFieldInOneConversion_WholeRequest400InvalidArgumentWithBadRequest()
    {
        var misspelt = SandboxFixture.Conversion("g2", "o2");
        misspelt["conversionDatetime"] = misspelt["conversionDateTime"]!.DeepClone();
        misspelt.Remove("conversionDateTime");

        var (status, text) = await sandbox.PostUploadAsync(new JsonObject
        {
            ["conversions"] = new JsonArray(SandboxFixture.Conversion("g1", "o1"), misspelt),
            ["partialFailure"] = true,
        });
        var error = JsonNode.Parse(text)!["error"]!;
        var violation = Assert.Single(error["details"]![0]!["fieldViolations"]!.AsArray())!;
        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey));

        Assert.Equal(400, status);
        Assert.Equal(400, error["code"]!.GetValue<int>());
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Equal("Invalid JSON payload received. Unknown name \"conversionDatetime\" at 'conversions[1]': Cannot find field.", error["message"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", error["details"]![0]!["@type"]!.GetValue<string>());
        Assert.Equal("conversions[1]", violation["field"]!.GetValue<string>());
        Assert.Equal(error["message"]!.GetValue<string>(), violation["description"]!.GetValue<string>());
        Assert.Equal(0, call.AcceptedCount);
        Assert.Equal("INVALID_ARGUMENT", call.ErrorCode);
    }

    [Fact]
    public async Task Upload_ConsentValueNotAConsentStatus_WholeRequest400NamingTheEnum()
    {
        var row = SandboxFixture.Conversion("g1", "o1");
        row["consent"] = new JsonObject { ["adUserData"] = "granted" };

        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(row), ["partialFailure"] = true });
        var error = JsonNode.Parse(text)!["error"]!;

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Equal(
            "Invalid value at 'conversions[0].consent.ad_user_data' (type.googleapis.com/google.ads.googleads.v26.enums.ConsentStatusEnum.ConsentStatus), \"granted\"",
            error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_ConsentGiven_AcceptedAndKeptInTheLedger()
    {
        var row = SandboxFixture.Conversion("g1", "o1");
        row["consent"] = new JsonObject { ["adUserData"] = "GRANTED", ["ad_personalization"] = "DENIED" };

        var (status, _) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(row), ["partialFailure"] = true });
        var ledgerRow = Assert.Single(Assert.Single(await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey)).Rows);

        Assert.Equal(200, status);
        Assert.True(ledgerRow.Accepted);
        Assert.Equal(("GRANTED", "DENIED"), (ledgerRow.ConsentAdUserData, ledgerRow.ConsentAdPersonalization));
    }

    [Fact]
    public async Task Upload_UnknownTopLevelAndNestedFields_OneViolationEach()
    {
        var row = SandboxFixture.Conversion("g1", "o1");
        row["consent"] = new JsonObject { ["adUserData"] = "GRANTED", ["adPersonalisation"] = "GRANTED" };

        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(row), ["partialFailure"] = true, ["partialFailures"] = true });
        var violations = JsonNode.Parse(text)!["error"]!["details"]![0]!["fieldViolations"]!.AsArray();

        Assert.Equal(400, status);
        Assert.Equal(
            ["Invalid JSON payload received. Unknown name \"adPersonalisation\" at 'conversions[0].consent': Cannot find field.",
             "Invalid JSON payload received. Unknown name \"partialFailures\": Cannot find field."],
            violations.Select(v => v!["description"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains(violations, v => v!["field"] is null);
    }

    [Fact]
    public async Task Upload_ProtoFieldNamesAndEveryKnownField_Accepted()
    {
        var row = new JsonObject
        {
            ["gclid"] = "g1",
            ["conversion_action"] = SandboxFixture.Action,
            ["conversion_date_time"] = "2026-01-02 13:45:00+01:00",
            ["conversion_value"] = 3,
            ["currency_code"] = "EUR",
            ["order_id"] = "o1",
            ["consent"] = new JsonObject { ["adUserData"] = "GRANTED", ["ad_personalization"] = "DENIED" },
            ["customVariables"] = new JsonArray(new JsonObject { ["conversionCustomVariable"] = "customers/1/conversionCustomVariables/2", ["value"] = "x" }),
            ["cartData"] = new JsonObject { ["merchantId"] = "1", ["items"] = new JsonArray(new JsonObject { ["productId"] = "p", ["quantity"] = 1, ["unitPrice"] = 2.5 }) },
            ["userIdentifiers"] = new JsonArray(new JsonObject { ["hashedEmail"] = "ab", ["addressInfo"] = new JsonObject { ["countryCode"] = "FR" } }),
        };

        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(row), ["partial_failure"] = true, ["validate_only"] = false });

        Assert.Equal(200, status);
        Assert.Null(JsonNode.Parse(text)!["partialFailureError"]);
    }

    [Fact]
    public async Task Upload_RowNotAnObject_WholeRequest400InvalidValue()
    {
        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(JsonValue.Create(5), SandboxFixture.Conversion("g1", "o1")), ["partialFailure"] = true });
        var violation = JsonNode.Parse(text)!["error"]!["details"]![0]!["fieldViolations"]![0]!;

        Assert.Equal(400, status);
        Assert.Equal("conversions[0]", violation["field"]!.GetValue<string>());
        Assert.Equal("Invalid value at 'conversions[0]' (type.googleapis.com/google.ads.googleads.v26.services.ClickConversion), 5", violation["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_RowErrors_LocationUsesProtoFieldNames()
    {
        var (_, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", dateTime: "2026-01-02T13:45:00Z"), SandboxFixture.Conversion("g2", "o1"), SandboxFixture.Conversion("g3", "o1")]);

        var errors = body["partialFailureError"]!["details"]![0]!["errors"]!.AsArray();
        var paths = errors.Select(e => string.Join(".", e!["location"]!["fieldPathElements"]!.AsArray().Select(p => p!["index"] is { } i ? $"{p["fieldName"]}[{i}]" : p!["fieldName"]!.GetValue<string>())));

        Assert.Equal(["conversions[0].conversion_date_time", "conversions[2].order_id"], paths);
        Assert.Contains("at conversions[0].conversion_date_time", body["partialFailureError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_Accepted_JobIdIsInt64StringAbove2Pow31()
    {
        var (_, first) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);
        var (_, second) = await sandbox.UploadAsync([SandboxFixture.Conversion("g2", "o2")]);

        var id = first["jobId"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, id.GetValueKind());
        Assert.True(long.Parse(id.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > int.MaxValue);
        Assert.Equal(
            long.Parse(id.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 1,
            long.Parse(second["jobId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Upload_JobIdInRequest_EchoedBack()
    {
        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(SandboxFixture.Conversion("g1", "o1")), ["partialFailure"] = true, ["jobId"] = 42 });

        Assert.Equal(200, status);
        Assert.Equal("42", JsonNode.Parse(text)!["jobId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("v19")]
    [InlineData("v21")]
    [InlineData("v22")]
    public async Task Upload_SunsetVersion_400UnsupportedVersionNamingIt(string version)
    {
        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(SandboxFixture.Conversion("g1", "o1")), ["partialFailure"] = true }, version);
        var error = JsonNode.Parse(text)!["error"]!;
        var detail = error["details"]![0]!;

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", error["status"]!.GetValue<string>());
        Assert.Equal($"type.googleapis.com/google.ads.googleads.{version}.errors.GoogleAdsFailure", detail["@type"]!.GetValue<string>());
        Assert.Equal("UNSUPPORTED_VERSION", detail["errors"]![0]!["errorCode"]!["requestError"]!.GetValue<string>());
        Assert.Equal($"Version {version} is deprecated. Requests to this version will be blocked.", detail["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(0, Assert.Single(await sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey)).AcceptedCount);
    }

    [Fact]
    public async Task Upload_RetiredVersion_404HtmlPage()
    {
        var (status, text) = await sandbox.PostUploadAsync(new JsonObject { ["conversions"] = new JsonArray(SandboxFixture.Conversion("g1", "o1")), ["partialFailure"] = true }, "v18");

        Assert.Equal(404, status);
        Assert.Contains("/v18/customers/1234567890:uploadClickConversions</code> was not found on this server", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_SunsetTheServedVersionThenReset_RefusedThenServedAgain()
    {
        using var set = await sandbox.Http.PostAsJsonAsync("_sandbox/google-ads/versions", new { sunset = "v19-v22,v26" });
        var (sunsetStatus, _) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);
        await sandbox.Control.ResetAsync();
        var (resetStatus, _) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(["v19", "v20", "v21", "v22", "v26"], (await set.Content.ReadFromJsonAsync<JsonObject>())!["sunset"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(400, sunsetStatus);
        Assert.Equal(200, resetStatus);
    }

    [Fact]
    public async Task Versions_BadList_400NamingTheItem()
    {
        using var response = await sandbox.Http.PostAsJsonAsync("_sandbox/google-ads/versions", new { retired = "18" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("retired: '18' is not a version such as v21 or a range such as v19-v22.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault429WithoutBody_QuotaErrorWithRetryDelayForTheRequestVersion()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 429, Count = 1 });

        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);
        var detail = body["error"]!["details"]![0]!;
        var entry = detail["errors"]![0]!;

        Assert.Equal(429, status);
        Assert.Equal("RESOURCE_EXHAUSTED", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure", detail["@type"]!.GetValue<string>());
        Assert.Equal("RESOURCE_TEMPORARILY_EXHAUSTED", entry["errorCode"]!["quotaError"]!.GetValue<string>());
        Assert.Equal("30s", entry["details"]!["quotaErrorDetails"]!["retryDelay"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fault409WithoutBody_AbortedConcurrentModification()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 409, Count = 1 });

        var (status, body) = await sandbox.UploadAsync([SandboxFixture.Conversion("g1", "o1")]);

        Assert.Equal(409, status);
        Assert.Equal("ABORTED", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("CONCURRENT_MODIFICATION", body["error"]!["details"]![0]!["errors"]![0]!["errorCode"]!["databaseError"]!.GetValue<string>());
    }

    private static string RowError(JsonObject body, int index)
    {
        var errors = body["partialFailureError"]!["details"]![0]!["errors"]!.AsArray();
        var error = errors.Single(e => e!["location"]!["fieldPathElements"]![0]!["index"]!.GetValue<int>() == index)!;
        return error["errorCode"]!.AsObject().Single().Value!.GetValue<string>();
    }
}
