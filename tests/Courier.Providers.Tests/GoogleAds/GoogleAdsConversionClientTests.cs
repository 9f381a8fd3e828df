using System.Text.Json.Nodes;
using Courier.Core.Errors;
using Courier.Providers.GoogleAds;
using Courier.Sandbox.Control;
using Courier.Sandbox.Google;
using Courier.Sandbox.GoogleAds;
using Microsoft.Extensions.Logging.Testing;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsConversionClientTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private ServiceProvider services = null!;

    private IGoogleAdsConversionClient Client => services.GetRequiredService<IGoogleAdsConversionClient>();

    public async Task InitializeAsync()
    {
        await sandbox.Control.ResetAsync();
        services = ProviderServices.Build(sandbox.BaseAddress);
    }

    public async Task DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task UploadClickConversionsAsync_GoodRows_AllAcceptedAndSentInGoogleFormat()
    {
        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1"), ProviderServices.Row("g2", "o2")], CancellationToken.None);

        var call = Assert.Single(await AdsLedgerAsync());
        Assert.Equal([ConversionRowStatus.Accepted, ConversionRowStatus.Accepted], result.Rows.Select(r => r.Status));
        Assert.Equal([0, 1], result.Rows.Select(r => r.Index));
        Assert.Equal(2, result.Accepted);
        Assert.NotNull(result.JobId);
        Assert.Equal(call.RequestId, result.RequestId);
        Assert.True(call.PartialFailure);
        Assert.False(call.ValidateOnly);
        Assert.Equal("2026-01-02 13:45:00+01:00", call.Rows[0].ConversionDateTime);
        Assert.Equal(12.5m, call.Rows[0].ConversionValue);
        Assert.Equal("EUR", call.Rows[0].CurrencyCode);
        Assert.Equal("o1", call.Rows[0].OrderId);
        Assert.Equal(ProviderServices.ConversionAction, call.Rows[0].ConversionAction);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_CustomerIdWithDashesAndLoginCustomerId_DigitsOnlyAndHeaderSent()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(loginCustomerId: "987-654-3210"), [ProviderServices.Row("g1", "o1")], CancellationToken.None);

        var call = Assert.Single(await AdsLedgerAsync());
        Assert.Equal("1234567890", call.CustomerId);
        Assert.Equal("9876543210", call.Headers["login-customer-id"]);
        Assert.Equal("[redacted]", call.Headers["developer-token"]);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_NoLoginCustomerId_HeaderNotSent()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None);

        Assert.False(Assert.Single(await AdsLedgerAsync()).Headers.ContainsKey("login-customer-id"));
    }

    [Fact]
    public async Task UploadClickConversionsAsync_MixedRowErrors_ClassifiedPerRowInInputOrder()
    {
        var result = await Client.UploadClickConversionsAsync(
            ProviderServices.Credentials(),
            [ProviderServices.Row("good1", "o1"), ProviderServices.Row("bad1", "o2"), ProviderServices.Row("toorecent1", "o3"), ProviderServices.Row("expired1", "o4"), ProviderServices.Row("good2", "o5")],
            CancellationToken.None);

        Assert.Equal(
            [ConversionRowStatus.Accepted, ConversionRowStatus.Rejected, ConversionRowStatus.Rejected, ConversionRowStatus.Rejected, ConversionRowStatus.Accepted],
            result.Rows.Select(r => r.Status));
        Assert.Equal(new ProviderError(ErrorClass.Permanent, "UNPARSEABLE_GCLID", result.Rows[1].Error!.Message), result.Rows[1].Error);
        Assert.Equal(ErrorClass.RateLimited, result.Rows[2].Error!.Class);
        Assert.Equal("TOO_RECENT_EVENT", result.Rows[2].Error!.Code);
        Assert.Equal(TimeSpan.FromHours(6), result.Rows[2].Error!.RetryAfter);
        Assert.Equal(ErrorClass.Permanent, result.Rows[3].Error!.Class);
        Assert.Equal("EXPIRED_EVENT", result.Rows[3].Error!.Code);
        Assert.NotNull(result.RequestId);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_ResendOfUploadedOrderIds_AlreadyUploaded()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None);

        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1"), ProviderServices.Row("g2", "o2")], CancellationToken.None);

        Assert.Equal([ConversionRowStatus.AlreadyUploaded, ConversionRowStatus.Accepted], result.Rows.Select(r => r.Status));
        Assert.Equal("ORDER_ID_ALREADY_IN_USE", result.Rows[0].Error!.Code);
        Assert.Equal(1, result.AlreadyUploaded);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_ResendOfClickWithoutOrderId_AlreadyUploaded()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1")], CancellationToken.None);

        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1")], CancellationToken.None);

        Assert.Equal(ConversionRowStatus.AlreadyUploaded, Assert.Single(result.Rows).Status);
        Assert.Equal("CLICK_CONVERSION_ALREADY_EXISTS", result.Rows[0].Error!.Code);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_SameOrderIdTwiceInOneRequest_TwinAcceptedSoDuplicateIsAlreadyUploaded()
    {
        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1"), ProviderServices.Row("g2", "o1")], CancellationToken.None);

        Assert.Equal([ConversionRowStatus.Accepted, ConversionRowStatus.AlreadyUploaded], result.Rows.Select(r => r.Status));
        Assert.Equal("DUPLICATE_ORDER_ID", result.Rows[1].Error!.Code);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_DuplicateWhoseTwinWasRejected_TransientSoAResendDecides()
    {
        // The twin is rejected (unparseable), so Google does not have this order id yet.
        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("bad1", "o1"), ProviderServices.Row("g2", "o1")], CancellationToken.None);

        Assert.Equal(ConversionRowStatus.Accepted, result.Rows[1].Status);

        var again = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g3", "o9"), ProviderServices.Row("bad2", "o9")], CancellationToken.None);
        Assert.Equal(ConversionRowStatus.Accepted, again.Rows[0].Status);
        Assert.Equal("UNPARSEABLE_GCLID", again.Rows[1].Error!.Code);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_2001Rows_ThrowsArgumentExceptionWithoutCalling()
    {
        var rows = Enumerable.Range(0, 2001).Select(i => ProviderServices.Row($"g{i}", $"o{i}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), rows, CancellationToken.None));

        Assert.Empty(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_2000Rows_OneRequestAllAccepted()
    {
        var rows = Enumerable.Range(0, 2000).Select(i => ProviderServices.Row($"g{i}", $"o{i}")).ToList();

        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), rows, CancellationToken.None);

        Assert.Equal(2000, result.Accepted);
        Assert.Single(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_NoRows_NoCall()
    {
        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [], CancellationToken.None);

        Assert.Empty(result.Rows);
        Assert.Empty(await AdsLedgerAsync());
        Assert.Empty(await TokenLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_Sandbox503_ThrowsTransientAndDoesNotRetryThePost()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 503 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Equal("TRANSIENT_ERROR", e.Error.Code);
        Assert.Single(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_429WithRetryAfterHeaderLongerThanRetryDelay_RateLimitedForTheLonger()
    {
        // The sandbox's default 429 body says "retryDelay":"30s"; the header asks for longer.
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 429, Headers = new() { ["Retry-After"] = "120" } });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.RateLimited, e.Error.Class);
        Assert.Equal("RESOURCE_TEMPORARILY_EXHAUSTED", e.Error.Code);
        Assert.Equal(TimeSpan.FromSeconds(120), e.Error.RetryAfter);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_Sandbox429Default_RateLimitedForItsRetryDelay()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 429 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ProviderError.RateLimited("RESOURCE_TEMPORARILY_EXHAUSTED", e.Error.Message, TimeSpan.FromSeconds(30)), e.Error);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_429WithRetryDelayInBody_RateLimitedForThatLong()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure",
             "errors":[{"errorCode":{"quotaError":"RESOURCE_EXHAUSTED"},"message":"Too many requests. Retry in 900 seconds.","details":{"quotaErrorDetails":{"rateScope":"DEVELOPER","rateName":"Number of operations for basic access","retryDelay":"900s"}}}]}]}}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 429, Body = body });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.RateLimited, e.Error.Class);
        Assert.Equal("RESOURCE_EXHAUSTED", e.Error.Code);
        Assert.Equal(TimeSpan.FromMinutes(15), e.Error.RetryAfter);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_429WithoutAnyDelay_Transient()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure",
             "errors":[{"errorCode":{"quotaError":"RESOURCE_TEMPORARILY_EXHAUSTED"},"message":"Too many requests."}]}]}}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 429, Body = body });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Null(e.Error.RetryAfter);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_401Always_PermanentAfterOneTokenRefresh()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 401 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("OAUTH_TOKEN_INVALID", e.Error.Code);
        Assert.Equal(GoogleAdsAccountReasons.CredentialsRejected, GoogleAdsAccountReasons.Of(e.Error));
        Assert.Equal(2, (await AdsLedgerAsync()).Count);
        Assert.Equal(2, (await TokenLedgerAsync()).Count);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_CachedTokenRevoked_RefreshesOnceAndSucceeds()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None);
        using var revoke = await sandbox.Http.PostAsync("_sandbox/google/revoke-access-tokens", null);

        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g2", "o2")], CancellationToken.None);

        Assert.Equal(ConversionRowStatus.Accepted, Assert.Single(result.Rows).Status);
        Assert.Equal([200, 401, 200], (await AdsLedgerAsync()).Select(c => c.Status));
        Assert.Equal(2, (await TokenLedgerAsync()).Count);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_UnapprovedDeveloperToken_Permanent()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(
            ProviderServices.Credentials(developerToken: "unapproved-1"), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("DEVELOPER_TOKEN_NOT_APPROVED", e.Error.Code);
        Assert.Equal(GoogleAdsAccountReasons.DeveloperTokenNotApproved, GoogleAdsAccountReasons.Of(e.Error));
        Assert.Single(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RevokedRefreshToken_PermanentInvalidGrantHoldCredentialsRejectedWithoutUploading()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(
            ProviderServices.Credentials(refreshToken: "revoked-token-1"), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("invalid_grant", e.Error.Code);
        Assert.Equal(GoogleAdsAccountReasons.CredentialsRejected, GoogleAdsAccountReasons.Of(e.Error));
        Assert.Equal((GoogleAdsAccountReasons.CredentialsRejected, (string?)null), (e.Error.HoldReason, e.Error.HoldApiVersion));
        Assert.Empty(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_TwoUploads_OneTokenCall()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None);
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g2", "o2")], CancellationToken.None);

        Assert.Single(await TokenLedgerAsync());
        Assert.Equal(2, (await AdsLedgerAsync()).Count);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_ServerHoldsPastTimeout_Transient()
    {
        await using var impatient = ProviderServices.Build(sandbox.BaseAddress, new Dictionary<string, string?> { ["GoogleAds:Timeout"] = "00:00:01" });
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Kind = FaultKind.Timeout, Count = 1 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => impatient.GetRequiredService<IGoogleAdsConversionClient>()
            .UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Equal("timeout", e.Error.Code);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_ResponseLostAfterGoogleStoredRows_TransientThenResendIsAlreadyUploaded()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Kind = FaultKind.Drop, Phase = FaultPhase.After, Count = 1 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));
        var resend = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None);

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Equal(ConversionRowStatus.AlreadyUploaded, Assert.Single(resend.Rows).Status);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_CustomerIdNotDigits_PermanentInvalidCredentials()
    {
        var credentials = ProviderServices.Credentials() with { CustomerId = "acme" };

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(credentials, [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("invalid_credentials", e.Error.Code);
        Assert.Equal(GoogleAdsAccountReasons.CredentialsInvalid, GoogleAdsAccountReasons.Of(e.Error));
        Assert.Empty(await TokenLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RowWithoutConversionAction_UsesCredentialsAction()
    {
        await Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1", conversionAction: "customers/1234567890/conversionActions/7"), ProviderServices.Row("g2", "o2")], CancellationToken.None);

        var call = Assert.Single(await AdsLedgerAsync());
        Assert.Equal(["customers/1234567890/conversionActions/7", ProviderServices.ConversionAction], call.Rows.Select(r => r.ConversionAction));
    }

    [Fact]
    public async Task UploadClickConversionsAsync_SuccessAndFailures_LogsHoldNoSecretOrToken()
    {
        var client = Client;
        await client.UploadClickConversionsAsync(ProviderServices.Credentials(loginCustomerId: "9876543210"), [ProviderServices.Row("g1", "o1")], CancellationToken.None);
        using var revoke = await sandbox.Http.PostAsync("_sandbox/google/revoke-access-tokens", null);
        await client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g2", "o2")], CancellationToken.None);
        await Assert.ThrowsAsync<ProviderException>(() => client.UploadClickConversionsAsync(ProviderServices.Credentials(refreshToken: "revoked-" + ProviderServices.RefreshToken), [ProviderServices.Row("g3")], CancellationToken.None));
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 401 });
        await Assert.ThrowsAsync<ProviderException>(() => client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g4")], CancellationToken.None));

        var logs = services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var text = string.Join("\n", logs.Select(r => $"{r.Category} {r.Message} {r.Exception} {string.Join(",", r.StructuredState ?? [])}"));

        Assert.NotEmpty(logs);
        Assert.Contains(logs, r => r.Id.Name == "google_ads_upload_completed");
        Assert.DoesNotContain(ProviderServices.RefreshToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderServices.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderServices.DeveloperToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RealClientBodies_PassSandboxUnknownFieldCheck()
    {
        // Every optional field the client can send at least once: gbraid, wbraid, another action, no order id.
        var rows = new[]
        {
            ProviderServices.Row("g1", "o1"),
            ProviderServices.Row("unused", "o2") with { Gclid = null, Gbraid = "braid1" },
            ProviderServices.Row("unused", "o3", conversionAction: "customers/1234567890/conversionActions/7") with { Gclid = null, Wbraid = "wbraid1" },
            ProviderServices.Row("g4"),
        };

        var result = await Client.UploadClickConversionsAsync(ProviderServices.Credentials(loginCustomerId: "9876543210"), rows, CancellationToken.None);

        var call = Assert.Single(await AdsLedgerAsync());
        Assert.Equal(200, call.Status);
        Assert.Null(call.ErrorCode);
        Assert.Equal(4, result.Accepted);
    }

    [Fact]
    public void RequestBody_AnyRow_OnlyFieldNamesGoogleAccepts()
    {
        var body = System.Text.Encoding.UTF8.GetString(GoogleAdsWire.RequestBody([ProviderServices.Row("g1", "o1") with { Gbraid = "b", Wbraid = "w" }], ProviderServices.ConversionAction));
        var root = JsonNode.Parse(body)!.AsObject();

        Assert.Equal(["conversions", "partialFailure", "validateOnly"], root.Select(p => p.Key));
        Assert.Equal(
            ["gclid", "gbraid", "wbraid", "conversionAction", "conversionDateTime", "conversionValue", "currencyCode", "orderId"],
            root["conversions"]![0]!.AsObject().Select(p => p.Key));
        Assert.True(root["partialFailure"]!.GetValue<bool>());
    }

    [Fact]
    public void RequestBody_RowWithConsent_SendsGooglesConsentObjectWithOnlyTheGivenParts()
    {
        var body = System.Text.Encoding.UTF8.GetString(GoogleAdsWire.RequestBody(
            [ProviderServices.Row("g1", "o1") with { ConsentAdUserData = "GRANTED" }, ProviderServices.Row("g2", "o2")], ProviderServices.ConversionAction));
        var conversions = JsonNode.Parse(body)!["conversions"]!.AsArray();

        Assert.Equal("""{"adUserData":"GRANTED"}""", conversions[0]!["consent"]!.ToJsonString());
        Assert.Null(conversions[1]!["consent"]);
    }

    [Theory]
    [InlineData(409, "CONCURRENT_MODIFICATION")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(503, "TRANSIENT_ERROR")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    public async Task UploadClickConversionsAsync_SandboxTransientAnswer_TransientWithGoogleCode(int status, string code)
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = status });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Equal(code, e.Error.Code);
        Assert.Null(GoogleAdsAccountReasons.Of(e.Error));
    }

    [Fact]
    public async Task UploadClickConversionsAsync_429RetryDelayLongerThanRetryAfterHeader_RateLimitedForRetryDelay()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure",
             "errors":[{"errorCode":{"quotaError":"RESOURCE_EXHAUSTED"},"message":"Too many requests. Retry in 40591 seconds.","details":{"quotaErrorDetails":{"rateScope":"DEVELOPER","retryDelay":"40591s"}}}]}]}}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 429, Body = body, Headers = new() { ["Retry-After"] = "60" } });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ProviderError.RateLimited("RESOURCE_EXHAUSTED", "Too many requests. Retry in 40591 seconds.", TimeSpan.FromSeconds(40591)), e.Error);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RowErrorCodeNotPublished_ClassifiedByUnpublishedErrorCode()
    {
        var body = JsonNode.Parse("""
            {"results":[{},{},{}],"partialFailureError":{"code":3,"message":"m","details":[{"@type":"type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure","errors":[
              {"errorCode":{"internalError":"ERROR_CODE_NOT_PUBLISHED"},"message":"a","details":{"unpublishedErrorCode":"EXPIRED_EVENT"},"location":{"fieldPathElements":[{"fieldName":"conversions","index":0},{"fieldName":"gclid"}]}},
              {"errorCode":{"internalError":"ERROR_CODE_NOT_PUBLISHED"},"message":"b","details":{"unpublishedErrorCode":"ConversionUploadError.ORDER_ID_ALREADY_IN_USE"},"location":{"fieldPathElements":[{"fieldName":"conversions","index":1},{"fieldName":"order_id"}]}},
              {"errorCode":{"internalError":"ERROR_CODE_NOT_PUBLISHED"},"message":"c","location":{"fieldPathElements":[{"fieldName":"conversions","index":2}]}}],
              "requestId":"r1"}]},"jobId":"4611686018427387905"}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 200, Body = body });

        var result = await Client.UploadClickConversionsAsync(
            ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1"), ProviderServices.Row("g2", "o2"), ProviderServices.Row("g3", "o3")], CancellationToken.None);

        Assert.Equal(ProviderError.Permanent("EXPIRED_EVENT", "a"), result.Rows[0].Error);
        Assert.Equal(ConversionRowStatus.AlreadyUploaded, result.Rows[1].Status);
        Assert.Equal("ORDER_ID_ALREADY_IN_USE", result.Rows[1].Error!.Code);
        Assert.Equal(ProviderError.Transient("ERROR_CODE_NOT_PUBLISHED", "c"), result.Rows[2].Error);
        Assert.Equal("4611686018427387905", result.JobId);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RequestErrorCodeNotPublished_ClassifiedByUnpublishedErrorCode()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure",
             "errors":[{"errorCode":{"internalError":"ERROR_CODE_NOT_PUBLISHED"},"message":"The customer account is not enabled.","details":{"unpublishedErrorCode":"CUSTOMER_NOT_ENABLED"}}]}]}}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 403, Body = body });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ProviderError.Permanent("CUSTOMER_NOT_ENABLED", "The customer account is not enabled.") with { HoldReason = GoogleAdsAccountReasons.CustomerNotEnabled }, e.Error);
        Assert.Equal(GoogleAdsAccountReasons.CustomerNotEnabled, GoogleAdsAccountReasons.Of(e.Error));
    }

    [Theory]
    [InlineData("v21")]
    [InlineData("v22")]
    public async Task UploadClickConversionsAsync_SunsetApiVersion_PermanentHoldApiVersionUnsupportedNamingTheVersion(string version)
    {
        await using var old = ProviderServices.Build(sandbox.BaseAddress, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = version });

        var e = await Assert.ThrowsAsync<ProviderException>(() => old.GetRequiredService<IGoogleAdsConversionClient>()
            .UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(
            ProviderError.Permanent("UNSUPPORTED_VERSION", $"Version {version} is deprecated. Requests to this version will be blocked.")
                with { HoldReason = GoogleAdsAccountReasons.ApiVersionUnsupported, HoldApiVersion = version },
            e.Error);
        Assert.Equal(GoogleAdsAccountReasons.ApiVersionUnsupported, GoogleAdsAccountReasons.Of(e.Error));
        Assert.Single(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RetiredApiVersion404Html_PermanentAccountLevelApiVersionUnsupported()
    {
        await using var old = ProviderServices.Build(sandbox.BaseAddress, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "v18" });

        var e = await Assert.ThrowsAsync<ProviderException>(() => old.GetRequiredService<IGoogleAdsConversionClient>()
            .UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("NOT_FOUND", e.Error.Code);
        Assert.Contains("v18", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(GoogleAdsAccountReasons.ApiVersionUnsupported, GoogleAdsAccountReasons.Of(e.Error));
        Assert.Equal((GoogleAdsAccountReasons.ApiVersionUnsupported, "v18"), (e.Error.HoldReason, e.Error.HoldApiVersion));
    }

    [Fact]
    public async Task UploadClickConversionsAsync_PartialFailureModeRequired_PermanentRequestLevelNotAccount()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure",
             "errors":[{"errorCode":{"partialFailureError":"PARTIAL_FAILURE_MODE_REQUIRED"},"message":"The partial failure field was false in the request. This method requires this field be set to true.","location":{"fieldPathElements":[{"fieldName":"partial_failure"}]}}]}]}}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 400, Body = body });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("PARTIAL_FAILURE_MODE_REQUIRED", e.Error.Code);
        Assert.Null(GoogleAdsAccountReasons.Of(e.Error));
        Assert.Null(e.Error.HoldReason);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_UnknownFieldRefusal_PermanentWithGoogleMessage()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"conversionDatetime\" at 'conversions[0]': Cannot find field.","status":"INVALID_ARGUMENT",
             "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"conversions[0]","description":"Invalid JSON payload received. Unknown name \"conversionDatetime\" at 'conversions[0]': Cannot find field."}]}]}}
            """);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 400, Body = body });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("INVALID_ARGUMENT", e.Error.Code);
        Assert.Contains("Unknown name \"conversionDatetime\"", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadClickConversionsAsync_Sandbox403_AccountLevelPermissionDenied()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleAdsEndpoints.RouteKey, Status = 403 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(ProviderServices.Credentials(), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal("USER_PERMISSION_DENIED", e.Error.Code);
        Assert.Equal(GoogleAdsAccountReasons.PermissionDenied, GoogleAdsAccountReasons.Of(e.Error));
    }

    private Task<IReadOnlyList<AdsUploadCall>> AdsLedgerAsync() => sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey);

    private Task<IReadOnlyList<OAuthTokenCall>> TokenLedgerAsync() => sandbox.Control.GetLedgerAsync<OAuthTokenCall>(GoogleOAuthEndpoints.RouteKey);
}
