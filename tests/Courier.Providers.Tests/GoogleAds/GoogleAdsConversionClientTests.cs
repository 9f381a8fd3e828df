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
        Assert.Single(await AdsLedgerAsync());
    }

    [Fact]
    public async Task UploadClickConversionsAsync_RevokedRefreshToken_PermanentInvalidGrantWithoutUploading()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Client.UploadClickConversionsAsync(
            ProviderServices.Credentials(refreshToken: "revoked-token-1"), [ProviderServices.Row("g1", "o1")], CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("invalid_grant", e.Error.Code);
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

    private Task<IReadOnlyList<AdsUploadCall>> AdsLedgerAsync() => sandbox.Control.GetLedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey);

    private Task<IReadOnlyList<OAuthTokenCall>> TokenLedgerAsync() => sandbox.Control.GetLedgerAsync<OAuthTokenCall>(GoogleOAuthEndpoints.RouteKey);
}
