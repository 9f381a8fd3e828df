using Courier.Core.Circuits;
using Courier.Core.Errors;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Core.Tests.Credentials;
using static Courier.Core.Tests.Jobs.Conversions.ConversionsHarness;

namespace Courier.Core.Tests.Jobs.Conversions;

public sealed class ConversionsProcessorTests
{
    private const string Site1 = "site-1";
    private const string Site2 = "site-2";
    private static readonly ProviderError Unavailable = ProviderError.Transient("http_503", "service unavailable");

    private readonly ConversionsHarness _h = new();

    [Fact]
    public void Name_IsTheCatalogTimerName()
    {
        Assert.Equal("process-offline-conversions", _h.Processor.Name);
    }

    [Fact]
    public async Task RunAsync_NothingDue_ReportsZerosAndCallsNothing()
    {
        await _h.SeedCredentialsAsync(Site1);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 0, 0, 0, 0, 0), Body(report));
        Assert.Empty(_h.Uploader.Calls);
        Assert.Empty(_h.Metrics.Writes);
    }

    [Fact]
    public async Task RunAsync_AcceptedRows_CompletedWithDecryptedCredentials()
    {
        await _h.SeedCredentialsAsync(Site1);
        var sales = await _h.EnqueueAsync(Site1, 3);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 3, 3, 0, 0, 0), Body(report));
        var call = Assert.Single(_h.Uploader.Calls);
        Assert.Equal(sales, call.Rows.Select(r => r.SaleId));
        Assert.Equal(Payload(Site1, sales[0]), call.Rows[0]);
        Assert.Equal("111-site-1", call.Credentials.Get("customer_id"));
        Assert.Equal("clisec-SECRET-site-1", call.Credentials.Get("client_secret"));
        Assert.Equal("customers/111/conversionActions/site-1", call.Credentials.Get("conversion_action_resource_name"));
        foreach (var item in await _h.ItemsOfAsync(Site1))
        {
            Assert.Equal(QueueState.Completed, item.State);
            Assert.Equal(1, item.Attempts);
            Assert.Null(item.LastError);
            Assert.Equal("{\"uploaded\":true}", item.Result);
        }
    }

    [Fact]
    public async Task RunAsync_AlreadyUploaded_CompletedAndMarkedAsSuch()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2);
        _h.Uploader.Answer(SaleId(2), ConversionRowOutcome.Duplicate);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 2, 2, 0, 0, 0), Body(report));
        var duplicate = await _h.ItemAsync(Site1, SaleId(2));
        Assert.Equal(QueueState.Completed, duplicate.State);
        Assert.Equal("{\"uploaded\":true,\"alreadyUploaded\":true}", duplicate.Result);
    }

    [Fact]
    public async Task RunAsync_PermanentRowError_FailedWithCodeInLastErrorOthersComplete()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 3);
        _h.Uploader.Answer(SaleId(2), ConversionRowOutcome.Rejected(ProviderError.Permanent("UNPARSEABLE_GCLID", "the click id could not be decoded")));

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 3, 2, 1, 0, 0), Body(report));
        var failed = await _h.ItemAsync(Site1, SaleId(2));
        Assert.Equal(QueueState.Failed, failed.State);
        Assert.Contains("UNPARSEABLE_GCLID", failed.LastError);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(QueueState.Completed, (await _h.ItemAsync(Site1, SaleId(3))).State);
    }

    [Fact]
    public async Task RunAsync_PermanentRowErrors_DoNotCountTowardsTheCircuit()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 1);
        _h.Uploader.Answer(SaleId(1), ConversionRowOutcome.Rejected(ProviderError.Permanent("INVALID_CONVERSION_ACTION", "not enabled")));

        await _h.RunHttpAsync();

        Assert.Equal(0, (await _h.CircuitAsync(Site1))?.FailureCount ?? 0);
    }

    [Fact]
    public async Task RunAsync_TooRecent_RetryDueInSixHours()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 1);
        _h.Uploader.Answer(SaleId(1), ConversionRowOutcome.Rejected(ProviderError.RateLimited("TOO_RECENT_CONVERSION_ACTION", "the conversion action is too new", TimeSpan.FromHours(6))));

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 1, 0, 0, 1, 0), Body(report));
        var item = await _h.ItemAsync(Site1, SaleId(1));
        Assert.Equal(QueueState.Retry, item.State);
        Assert.Equal(_h.Now + TimeSpan.FromHours(6), item.DueAt);
        Assert.Equal(1, item.Attempts);
        Assert.Contains("TOO_RECENT_CONVERSION_ACTION", item.LastError);
    }

    [Fact]
    public async Task RunAsync_WholeRequestTransient_AllRowsRetryWithBackoffAndCircuitFailureCountGrows()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 4);
        _h.Uploader.FailRequestsOf(Site1, Unavailable);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 4, 0, 0, 4, 0), Body(report));
        var items = await _h.ItemsOfAsync(Site1);
        Assert.All(items, item =>
        {
            Assert.Equal(QueueState.Retry, item.State);
            Assert.Equal(1, item.Attempts);
            Assert.Equal("http_503: service unavailable", item.LastError);
            // First retry: full jitter under the one-minute base, never sooner than a second.
            Assert.InRange(item.DueAt, _h.Now + TimeSpan.FromSeconds(1), _h.Now + TimeSpan.FromMinutes(1));
        });
        Assert.True(items.Select(i => i.DueAt).Distinct().Count() > 1, "each row draws its own jitter");
        Assert.Equal(1, (await _h.CircuitAsync(Site1))!.FailureCount);

        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.RunHttpAsync();

        Assert.Equal(2, (await _h.CircuitAsync(Site1))!.FailureCount);
        Assert.All(await _h.ItemsOfAsync(Site1), item => Assert.Equal(2, item.Attempts));
    }

    [Fact]
    public async Task RunAsync_WholeRequestUnknownOutcome_RetriedNotLeftUnknown()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2);
        _h.Uploader.FailRequestsOf(Site1, ProviderError.Unknown("timeout", "no answer after sending"));

        var report = await _h.RunHttpAsync();

        // A resend is safe: Google refuses a second upload of the same orderId.
        Assert.Equal(new ConversionsResult(true, 2, 0, 0, 2, 0), Body(report));
        Assert.All(await _h.ItemsOfAsync(Site1), item => Assert.Equal(QueueState.Retry, item.State));
    }

    [Fact]
    public async Task RunAsync_WholeRequestPermanent_AllRowsFailedCircuitNotCounted()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2);
        _h.Uploader.FailRequestsOf(Site1, ProviderError.Permanent("DEVELOPER_TOKEN_NOT_APPROVED", "the developer token is not approved"));

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 2, 0, 2, 0, 0), Body(report));
        Assert.All(await _h.ItemsOfAsync(Site1), item => Assert.Contains("DEVELOPER_TOKEN_NOT_APPROVED", item.LastError));
        Assert.Equal(0, (await _h.CircuitAsync(Site1))?.FailureCount ?? 0);
    }

    [Fact]
    public async Task RunAsync_HttpLimitParameter_ClaimsAtMostLimitRestDeferred()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 5);

        var report = await _h.RunHttpAsync(limit: 3);

        Assert.Equal(new ConversionsResult(true, 3, 3, 0, 0, 2), Body(report));
        Assert.Equal(3, Assert.Single(_h.Uploader.Calls).Rows.Count);
        Assert.Equal(QueueState.Queued, (await _h.ItemAsync(Site1, SaleId(5))).State);
    }

    [Fact]
    public async Task RunAsync_HttpWithoutLimit_UsesTwinDefault()
    {
        var h = new ConversionsHarness(new ConversionsOptions { TwinDefaultLimit = 4, TimerLimit = 100 });
        await h.SeedCredentialsAsync(Site1);
        await h.EnqueueAsync(Site1, 6);

        var report = await h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 4, 4, 0, 0, 2), Body(report));
    }

    [Fact]
    public async Task RunAsync_Timer_UsesTimerLimitAndIgnoresLimitParameter()
    {
        var h = new ConversionsHarness(new ConversionsOptions { TwinDefaultLimit = 50, TimerLimit = 3 });
        await h.SeedCredentialsAsync(Site1);
        await h.EnqueueAsync(Site1, 5);

        var report = await h.RunAsync(RunTrigger.Timer, new Dictionary<string, string> { [ConversionsProcessor.LimitParameter] = "50" });

        Assert.Equal(new ConversionsResult(true, 3, 3, 0, 0, 2), Body(report));
    }

    [Fact]
    public async Task RunAsync_TwentyFiveHundredRowsLimitTwentyFiveHundred_TwoCallsOf2000And500()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2500);

        var report = await _h.RunHttpAsync(limit: 2500);

        Assert.Equal(new ConversionsResult(true, 2500, 2500, 0, 0, 0), Body(report));
        Assert.Equal([2000, 500], _h.Uploader.Calls.Select(c => c.Rows.Count));
        Assert.Equal(2500, _h.Uploader.Calls.SelectMany(c => c.Rows).Select(r => r.SaleId).Distinct().Count());
        // Decrypted once per run and site, not per request.
        Assert.Equal(1, _h.Vault.UnprotectCalls);
    }

    [Fact]
    public async Task RunAsync_TimerWithDefaultLimit_OneFullRequestRestDeferred()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2500);

        var report = await _h.RunTimerAsync();

        Assert.Equal(new ConversionsResult(true, 2000, 2000, 0, 0, 500), Body(report));
        Assert.Equal(2000, Assert.Single(_h.Uploader.Calls).Rows.Count);
    }

    [Fact]
    public async Task RunAsync_RowsOfTwoSites_SeparateCallsEachWithItsOwnCredentials()
    {
        await _h.SeedCredentialsAsync(Site1, Site2);
        await _h.EnqueueAsync(Site1, 3);
        await _h.EnqueueAsync(Site2, 2, from: 101);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 5, 5, 0, 0, 0), Body(report));
        Assert.Equal(2, _h.Uploader.Calls.Count);
        var first = Assert.Single(_h.Uploader.CallsFor(Site1));
        var second = Assert.Single(_h.Uploader.CallsFor(Site2));
        Assert.Equal(3, first.Rows.Count);
        Assert.Equal("111-site-1", first.Credentials.Get("customer_id"));
        Assert.Equal(2, second.Rows.Count);
        Assert.Equal("111-site-2", second.Credentials.Get("customer_id"));
    }

    [Fact]
    public async Task RunAsync_CredentialsMissing_RowsHeldWithClearReasonOtherSiteUnaffected()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2);
        await _h.EnqueueAsync(Site2, 2, from: 101);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 4, 2, 0, 2, 0), Body(report));
        Assert.Empty(_h.Uploader.CallsFor(Site2));
        Assert.All(await _h.ItemsOfAsync(Site2), item =>
        {
            Assert.Equal((QueueState.Retry, 0), (item.State, item.Attempts));
            Assert.StartsWith("CREDENTIALS_UNAVAILABLE: ", item.LastError);
            Assert.Contains("site-2", item.LastError);
            Assert.Contains("google_ads", item.LastError);
        });
        Assert.All(await _h.ItemsOfAsync(Site1), item => Assert.Equal(QueueState.Completed, item.State));
        var circuit = (await _h.CircuitAsync(Site2))!;
        Assert.Equal((CircuitState.Held, "CREDENTIALS_UNAVAILABLE", 0), (circuit.State, circuit.HoldReason, circuit.FailureCount));
    }

    [Fact]
    public async Task RunAsync_CredentialsUndecryptable_RowsHeldReasonWithoutSecrets()
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 1);
        _h.Vault.UnreadableReason = "key id 'ktest' is not configured";

        await _h.RunHttpAsync();

        var item = await _h.ItemAsync(Site1, SaleId(1));
        Assert.Equal((QueueState.Retry, 0), (item.State, item.Attempts));
        Assert.StartsWith("CREDENTIALS_UNAVAILABLE: ", item.LastError);
        Assert.Contains("cannot be decrypted", item.LastError);
        Assert.Contains("key id 'ktest' is not configured", item.LastError);
        foreach (var secret in TestCredentials.SecretsOf(Site1)) Assert.DoesNotContain(secret, item.LastError);
        Assert.Empty(_h.Uploader.Calls);
    }

    [Fact]
    public async Task RunAsync_CredentialsIncomplete_RowsHeldReasonNamesFieldWithoutSecrets()
    {
        var partial = TestCredentials.GoogleAdsObject(Site1);
        partial.Remove("refresh_token");
        await _h.CredentialStore.SaveAsync(new(Site1, "google_ads", _h.Vault.Protect(partial.ToJsonString(), "site-1/google_ads"), FakeSecretVault.KeyId, _h.Now), default);
        await _h.EnqueueAsync(Site1, 1);

        await _h.RunHttpAsync();

        var item = await _h.ItemAsync(Site1, SaleId(1));
        Assert.Equal((QueueState.Retry, 0), (item.State, item.Attempts));
        Assert.Contains("credentials.refresh_token is required", item.LastError);
        foreach (var secret in TestCredentials.SecretsOf(Site1)) Assert.DoesNotContain(secret, item.LastError);
    }

    [Fact]
    public async Task RunAsync_CredentialsUnusableOrUploadFailing_LogsNoSecret()
    {
        // Site 1: stored without a required field; site 2: fine, but its upload fails as a whole; site 3: undecryptable.
        var partial = TestCredentials.GoogleAdsObject(Site1);
        partial.Remove("customer_id");
        await _h.CredentialStore.SaveAsync(new(Site1, "google_ads", _h.Vault.Protect(partial.ToJsonString(), "site-1/google_ads"), FakeSecretVault.KeyId, _h.Now), default);
        await _h.SeedCredentialsAsync(Site2);
        await _h.CredentialStore.SaveAsync(new("site-3", "google_ads", "v1.ktest.garbage.garbage", FakeSecretVault.KeyId, _h.Now), default);
        _h.Uploader.FailRequestsOf(Site2, Unavailable);
        await _h.EnqueueAsync(Site1, 1);
        await _h.EnqueueAsync(Site2, 1, from: 101);
        await _h.EnqueueAsync("site-3", 1, from: 201);

        await _h.RunHttpAsync();

        Assert.True(_h.Logger.Entries.Count >= 3);
        foreach (var entry in _h.Logger.Entries)
        {
            foreach (var site in new[] { Site1, Site2, "site-3" })
                foreach (var secret in TestCredentials.SecretsOf(site)) Assert.DoesNotContain(secret, entry);
        }
    }

    [Theory]
    [InlineData("{\"siteId\": \"site-1\", \"saleId\": ")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("{\"siteId\":\"site-1\",\"saleId\":\"x\",\"clickIdKind\":\"Fbclid\",\"clickId\":\"c\",\"conversionDateTime\":\"2025-03-01T10:00:00+01:00\",\"value\":1,\"currency\":\"EUR\",\"orderId\":\"x\"}")]
    [InlineData("{}")]
    [InlineData("{\"siteId\":\"site-1\"}")]
    [InlineData("{\"siteId\":null,\"saleId\":\"x\",\"clickIdKind\":\"Gclid\",\"clickId\":\"c\",\"conversionDateTime\":\"2025-03-01T10:00:00+01:00\",\"value\":1,\"currency\":\"EUR\",\"orderId\":\"x\"}")]
    public async Task RunAsync_CorruptPayloadRow_FailsAloneOthersUploaded(string payload)
    {
        await _h.SeedCredentialsAsync(Site1);
        await _h.EnqueueAsync(Site1, 2);
        await _h.WorkQueue.EnqueueAsync(ConversionsQueue.Name, "site-1:corrupt", payload, Site1);

        var report = await _h.RunHttpAsync();

        Assert.Equal(new ConversionsResult(true, 3, 2, 1, 0, 0), Body(report));
        var corrupt = (await _h.WorkQueue.GetAsync(ConversionsQueue.Name, "site-1:corrupt"))!;
        Assert.Equal(QueueState.Failed, corrupt.State);
        Assert.StartsWith("payload unreadable: ", corrupt.LastError);
        Assert.Equal([SaleId(1), SaleId(2)], Assert.Single(_h.Uploader.Calls).Rows.Select(r => r.SaleId));
    }

    [Fact]
    public async Task RunAsync_TwoSalesShareAnOrderId_NeverInOneRequest()
    {
        await _h.SeedCredentialsAsync("site-a");
        await _h.Queue.EnqueueAsync(ConversionsHarness.Payload("site-a", "sale-1") with { OrderId = "ORDER-1" });
        await _h.Queue.EnqueueAsync(ConversionsHarness.Payload("site-a", "sale-2") with { OrderId = "ORDER-1" });
        await _h.Queue.EnqueueAsync(ConversionsHarness.Payload("site-a", "sale-3"));
        _h.Uploader.Answer("sale-2", ConversionRowOutcome.DuplicateOf(Courier.Core.Errors.ProviderError.Permanent("ORDER_ID_ALREADY_IN_USE", "in use")));

        var report = ConversionsHarness.Body(await _h.RunTimerAsync());

        Assert.Equal(2, _h.Uploader.Calls.Count);
        Assert.All(_h.Uploader.Calls, c => Assert.Equal(c.Rows.Count, c.Rows.Select(r => r.OrderId).Distinct().Count()));
        Assert.Equal(["sale-1", "sale-3"], _h.Uploader.Calls[0].Rows.Select(r => r.SaleId));
        Assert.Equal(["sale-2"], _h.Uploader.Calls[1].Rows.Select(r => r.SaleId));
        Assert.Equal((3, 3), (report.Processed, report.Completed));
        Assert.Contains("\"reason\":\"ORDER_ID_ALREADY_IN_USE\"", (await _h.ItemAsync("site-a", "sale-2")).Result, StringComparison.Ordinal);
    }
}
