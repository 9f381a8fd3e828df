using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.Sandbox.Control;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>
/// The offline-conversions job end to end: the real HTTP API and twin of a Courier host, Azurite storage, and the Google Ads
/// sandbox over loopback HTTP. Each test has its own tables (CourierTestHost) and its own sites, customers and conversion actions.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConversionsEndToEndTests(AzuriteFixture azurite, ConversionsSandbox sandbox) : IClassFixture<ConversionsSandbox>
{
    private const string GoogleAds = "google_ads";

    [Fact]
    public async Task EnqueueAndRun_MixedRows_EachSaleGetsItsOutcomeAndTheReportCountsThem()
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        var site = TestSite.Create();

        var first = await api.EnqueueAsync(site.Sale("sale-ok", value: 12.5m));
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.True(first.Json.GetProperty("created").GetBoolean());
        var item = first.Json.GetProperty("item");
        Assert.Equal($"{site.SiteId}:sale-ok", item.GetProperty("id").GetString());
        Assert.Equal("QUEUED", item.GetProperty("status").GetString());
        Assert.Equal(0, item.GetProperty("attempts").GetInt32());

        // The same site and sale again, with another value and click: the existing item comes back and nothing is stored.
        var again = await api.EnqueueAsync(site.Sale("sale-ok", gclid: "gclid-other", value: 99m));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.False(again.Json.GetProperty("created").GetBoolean());
        Assert.Equal(item.GetProperty("id").GetString(), again.Json.GetProperty("item").GetProperty("id").GetString());
        Assert.Equal(item.GetProperty("createdAt").GetString(), again.Json.GetProperty("item").GetProperty("createdAt").GetString());
        Assert.Equal(item.GetProperty("updatedAt").GetString(), again.Json.GetProperty("item").GetProperty("updatedAt").GetString());
        Assert.Equal(1, await api.StoredCountAsync());

        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("sale-bad", gclid: "gclid-bad-1"))).Status);
        await api.SeedOkAsync(site);

        ConversionsApi.AssertReport(await api.RunAsync(), processed: 2, completed: 1, failed: 1, retry: 0);
        var ok = await api.ItemAsync(site.SiteId, "sale-ok");
        Assert.Equal("COMPLETED", ok.GetProperty("status").GetString());
        var bad = await api.ItemAsync(site.SiteId, "sale-bad");
        Assert.Equal("FAILED", bad.GetProperty("status").GetString());
        Assert.Contains("UNPARSEABLE_GCLID", bad.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var call = Assert.Single(await sandbox.UploadsForAsync(site.CustomerId));
        Assert.True(call.PartialFailure);
        var sent = Assert.Single(call.Rows, r => r.Accepted);
        // The first enqueue's data went out, and the sale id stood in for the missing order id.
        Assert.Equal(("gclid-sale-ok", 12.5m, "sale-ok", site.ConversionAction), (sent.Gclid, sent.ConversionValue, sent.OrderId, sent.ConversionAction));

        // Another sale with an order id Google already has: ORDER_ID_ALREADY_IN_USE counts as completed.
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("sale-dup", orderId: "sale-ok"))).Status);
        ConversionsApi.AssertReport(await api.RunAsync(), processed: 1, completed: 1, failed: 0, retry: 0);
        var dup = await api.ItemAsync(site.SiteId, "sale-dup");
        Assert.Equal("COMPLETED", dup.GetProperty("status").GetString());
        Assert.Contains("alreadyUploaded", dup.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Equal("ORDER_ID_ALREADY_IN_USE", Assert.Single((await sandbox.UploadsForAsync(site.CustomerId))[^1].Rows).ErrorCode);

        // A transient failure of the whole request: the sale waits for a retry, one attempt counted.
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("sale-transient"))).Status);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = ConversionsSandbox.UploadLedger, Status = 503, Count = 1, PathContains = site.CustomerId });
        ConversionsApi.AssertReport(await api.RunAsync(), processed: 1, completed: 0, failed: 0, retry: 1);
        var transient = await api.ItemAsync(site.SiteId, "sale-transient");
        Assert.Equal("RETRY", transient.GetProperty("status").GetString());
        Assert.Equal(1, transient.GetProperty("attempts").GetInt32());
        Assert.Contains("TRANSIENT_ERROR", transient.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, transient.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal("status:503", (await sandbox.UploadsForAsync(site.CustomerId))[^1].Fault);
    }

    [Fact]
    public async Task RunTwin_2500QueuedForOneCustomerAndAction_TwoUploadCallsAndAllCompleted()
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        var site = TestSite.Create();
        await api.SeedOkAsync(site);

        // Enqueued through the registered ConversionsQueue service, not the API: 2,500 API calls take ~20 s here (against ~3 s),
        // and the API path is covered by the other tests. Each body goes through the API's own parser, so the stored payloads
        // are exactly what POST /api/conversions would store.
        var queue = host.Services.GetRequiredService<ConversionsQueue>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2500), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var (payload, errors) = ConversionSubmission.Parse(JsonSerializer.SerializeToElement(site.Sale($"bulk-{i:D4}")));
            Assert.Empty(errors);
            Assert.True((await queue.EnqueueAsync(payload!, ct)).Created);
        });
        Assert.Equal(2500, await api.StoredCountAsync());

        ConversionsApi.AssertReport(await api.RunAsync(limit: 2500), processed: 2500, completed: 2500, failed: 0, retry: 0);

        var calls = await sandbox.UploadsForAsync(site.CustomerId);
        Assert.Equal([2000, 500], calls.Select(c => c.Rows.Count));
        Assert.All(calls, c => Assert.Equal(c.Rows.Count, c.AcceptedCount));
        Assert.Equal(2500, calls.SelectMany(c => c.Rows).Select(r => r.OrderId).Distinct().Count());
        var stats = await api.StatsAsync();
        Assert.Equal(2500, stats.Count(QueueState.Completed));
        Assert.Equal(2500, stats.ByState.Values.Sum());
        Assert.Equal("COMPLETED", (await api.ItemAsync(site.SiteId, "bulk-2499")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunTwin_FiveTransientFailuresForOneSite_OpensOnlyItsCircuitGatesItsRowsThenProbesAndCloses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        // Short retry backoff so that advancing the clock a little makes failed rows due again, well before the probe time.
        var settings = new Dictionary<string, string?> { ["Conversions:RetryBaseDelay"] = "00:00:05", ["Conversions:RetryMaxDelay"] = "00:00:30" };
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox, settings, time);
        var api = new ConversionsApi(host);
        var circuits = host.Services.GetRequiredService<ICircuitStore>();
        var (a, b) = (TestSite.Create(), TestSite.Create());
        await api.SeedOkAsync(a);
        await api.SeedOkAsync(b);
        const int aRows = 8;
        for (var i = 0; i < aRows; i++) Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(a.Sale($"a-{i}"))).Status);
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = ConversionsSandbox.UploadLedger, Status = 503, Count = 5, PathContains = a.CustomerId });

        for (var run = 1; run <= 5; run++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(b.Sale($"b-{run}"))).Status);
            ConversionsApi.AssertReport(await api.RunAsync(), processed: aRows + 1, completed: 1, failed: 0, retry: aRows);
            Assert.Equal("COMPLETED", (await api.ItemAsync(b.SiteId, $"b-{run}")).GetProperty("status").GetString());
            var state = await circuits.GetAsync(new CircuitKey(a.SiteId, GoogleAds), default);
            Assert.NotNull(state);
            Assert.Equal(run < 5 ? CircuitState.Closed : CircuitState.Open, state.State);
            Assert.Equal(run, state.FailureCount);
            time.Advance(TimeSpan.FromSeconds(31));
        }

        Assert.Equal(5, (await sandbox.UploadsForAsync(a.CustomerId)).Count);
        var open = (await circuits.GetAsync(new CircuitKey(a.SiteId, GoogleAds), default))!;
        var probeAt = open.NextProbeAt!.Value;
        Assert.Equal(1, open.OpenCount);
        Assert.True(probeAt > time.GetUtcNow(), $"probe at {probeAt:O}, now {time.GetUtcNow():O}");
        var bCircuit = await circuits.GetAsync(new CircuitKey(b.SiteId, GoogleAds), default);
        Assert.True(bCircuit is null || (bCircuit.State == CircuitState.Closed && bCircuit.FailureCount == 0));

        // Open, before the probe time: no call for A, its rows postponed to the probe time plus up to 30 s, no attempt counted. B goes on.
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(b.Sale("b-6"))).Status);
        ConversionsApi.AssertReport(await api.RunAsync(), processed: aRows + 1, completed: 1, failed: 0, retry: aRows);
        Assert.Equal(5, (await sandbox.UploadsForAsync(a.CustomerId)).Count);
        Assert.Equal(6, (await sandbox.UploadsForAsync(b.CustomerId)).Count);
        var latestDue = DateTimeOffset.MinValue;
        for (var i = 0; i < aRows; i++)
        {
            var row = await api.ItemAsync(a.SiteId, $"a-{i}");
            Assert.Equal("RETRY", row.GetProperty("status").GetString());
            Assert.Equal("CIRCUIT_OPEN", row.GetProperty("lastError").GetString());
            Assert.Equal(5, row.GetProperty("attempts").GetInt32());
            var due = row.GetProperty("nextAttemptAt").GetDateTimeOffset();
            Assert.InRange(due, probeAt, probeAt + TimeSpan.FromSeconds(30));
            if (due > latestDue) latestDue = due;
        }

        // Past the probe time: one half-open run sends at most probe_limit (5) of A's rows; their success closes the circuit.
        time.Advance(latestDue - time.GetUtcNow() + TimeSpan.FromSeconds(1));
        var probe = await api.RunAsync();
        Assert.Equal(5, probe.GetProperty("completed").GetInt32());
        Assert.Equal(0, probe.GetProperty("failed").GetInt32());
        var aCalls = await sandbox.UploadsForAsync(a.CustomerId);
        Assert.Equal(6, aCalls.Count);
        Assert.Equal(5, aCalls[^1].Rows.Count);
        Assert.Equal(5, aCalls[^1].AcceptedCount);
        var closed = (await circuits.GetAsync(new CircuitKey(a.SiteId, GoogleAds), default))!;
        Assert.Equal((CircuitState.Closed, 0), (closed.State, closed.FailureCount));
        var afterProbe = await api.StatsAsync();
        Assert.Equal(5 + 6, afterProbe.Count(QueueState.Completed));

        // Closed again: the rows the probe left queued go out in full on the next run.
        ConversionsApi.AssertReport(await api.RunAsync(), processed: aRows - 5, completed: aRows - 5, failed: 0, retry: 0);
        Assert.Equal(7, (await sandbox.UploadsForAsync(a.CustomerId)).Count);
        for (var i = 0; i < aRows; i++) Assert.Equal("COMPLETED", (await api.ItemAsync(a.SiteId, $"a-{i}")).GetProperty("status").GetString());
    }

    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        // case, body, field the problem names, sale id to look up afterwards (site "bad-input-site")
        { "two click ids", """{"siteId":"bad-input-site","saleId":"two-clicks","gclid":"g1","gbraid":"b1","conversionDateTime":"2026-01-02T13:45:00+01:00","value":1,"currency":"EUR"}""", "gbraid", "two-clicks" },
        { "no click id", """{"siteId":"bad-input-site","saleId":"no-click","conversionDateTime":"2026-01-02T13:45:00+01:00","value":1,"currency":"EUR"}""", "gclid", "no-click" },
        { "date without offset", """{"siteId":"bad-input-site","saleId":"no-offset","gclid":"g1","conversionDateTime":"2026-01-02T13:45:00","value":1,"currency":"EUR"}""", "conversionDateTime", "no-offset" },
        { "non-numeric value", """{"siteId":"bad-input-site","saleId":"nan-value","gclid":"g1","conversionDateTime":"2026-01-02T13:45:00+01:00","value":"twelve","currency":"EUR"}""", "value", "nan-value" },
        { "siteId of the wrong type", """{"siteId":42,"saleId":"numeric-site","gclid":"g1","conversionDateTime":"2026-01-02T13:45:00+01:00","value":1,"currency":"EUR"}""", "siteId", "numeric-site" },
        { "unknown field", """{"siteId":"bad-input-site","saleId":"unknown-field","gclid":"g1","conversionDateTime":"2026-01-02T13:45:00+01:00","value":1,"currency":"EUR","coupon":"X"}""", "coupon", "unknown-field" },
        { "malformed JSON", """{"siteId":"bad-input-site","saleId":"malformed","gclid":"g1",""", "$", "malformed" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Enqueue_BadInput_Answers400NamingTheFieldAndStoresNothing(string @case, string body, string field, string saleId)
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);

        var answer = await api.EnqueueRawAsync(body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{@case}: {(int)answer.Status} {answer.Text}");
        var problem = answer.Json;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{@case}: the problem should name '{field}': {answer.Text}");
        Assert.Equal(0, await api.StoredCountAsync());
        var siteId = field == "siteId" ? "42" : "bad-input-site";
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(siteId, saleId)).Status);
    }

    [Fact]
    public async Task RunTwin_CredentialsUndecryptableUnderAnotherVaultKey_SiteHeldWithReasonNoRowFailsAndNoSecretIsLogged()
    {
        var site = TestSite.Create();
        string tablePrefix;
        var answers = new List<string>();
        // Both hosts share one set of tables: the second reads what the first stored, under another vault key.
        CapturingLoggerProvider firstLogs;
        await using (var first = await ConversionsHost.StartAsync(azurite, sandbox))
        {
            // The secrets are really used first (token refresh, upload), so the log check below covers their whole path.
            var api = new ConversionsApi(first);
            var seeded = await api.SeedAsync(site);
            Assert.Equal(HttpStatusCode.OK, seeded.Status);
            answers.Add(seeded.Text);
            answers.Add((await api.EnqueueAsync(site.Sale("before-rotation"))).Text);
            var report = await api.RunAsync();
            answers.Add(report.GetRawText());
            ConversionsApi.AssertReport(report, processed: 1, completed: 1, failed: 0, retry: 0);
            tablePrefix = first.App.Configuration["Storage:TablePrefix"]!;
            firstLogs = first.Logs;
        }

        var otherKey = Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, 32).ToArray());
        await using var second = await ConversionsHost.StartAsync(azurite, sandbox, new Dictionary<string, string?> { ["Storage:TablePrefix"] = tablePrefix, ["VAULT_KEY"] = otherKey });
        var secondApi = new ConversionsApi(second);
        answers.Add((await secondApi.EnqueueAsync(site.Sale("after-rotation"))).Text);
        var failedRun = await secondApi.RunAsync();
        answers.Add(failedRun.GetRawText());

        ConversionsApi.AssertReport(failedRun, processed: 1, completed: 0, failed: 0, retry: 1);
        var answer = await secondApi.GetAsync(site.SiteId, "after-rotation");
        answers.Add(answer.Text);
        var item = answer.Json.GetProperty("item");
        Assert.Equal(("RETRY", 0), (item.GetProperty("status").GetString(), item.GetProperty("attempts").GetInt32()));
        Assert.Equal(CircuitState.Held, (await second.Services.GetRequiredService<ICircuitStore>().GetAsync(new CircuitKey(site.SiteId, GoogleAds), default))!.State);
        var reason = item.GetProperty("lastError").GetString()!;
        Assert.StartsWith("CREDENTIALS_UNAVAILABLE", reason, StringComparison.Ordinal);
        Assert.Contains("cannot be decrypted", reason, StringComparison.Ordinal);
        Assert.Single(await sandbox.UploadsForAsync(site.CustomerId));
        Assert.Equal(1, second.Logs.Count("conversions_credentials_unavailable"));
        var lines = firstLogs.Lines.Concat(second.Logs.Lines).ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in site.Secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(answers, a => a.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SeedCredentials_ValidBody_StoresNoClearTextSecretInTheTable()
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        var site = TestSite.Create();

        var answer = await api.SeedAsync(site);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.All(site.Secrets, s => Assert.DoesNotContain(s, answer.Text, StringComparison.Ordinal));
        var table = azurite.CreateTableServiceClient().GetTableClient(host.App.Configuration["Storage:TablePrefix"] + "ProviderCredentials");
        var entities = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>()) entities.Add(entity);
        var stored = Assert.Single(entities);
        Assert.Equal(site.SiteId, stored.GetString("site_id"));
        var texts = stored.Select(p => p.Value switch
        {
            string s => s,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            BinaryData data => data.ToString(),
            _ => p.Value?.ToString() ?? "",
        }).Append(stored.PartitionKey).Append(stored.RowKey).ToList();
        Assert.Contains(texts, t => t.StartsWith("v1.", StringComparison.Ordinal));
        var json = site.Credentials().ToJsonString();
        foreach (var text in texts)
        {
            Assert.DoesNotContain(json, text, StringComparison.Ordinal);
            Assert.All(site.Secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
        }

        // And the vault gives them back: what is stored is the encrypted credentials, not a placeholder.
        var account = await host.Services.GetRequiredService<ProviderCredentialsService>().GetAsync(site.SiteId, "google_ads");
        Assert.Equal((site.ClientSecret, site.RefreshToken, site.DeveloperToken), (account.Get("client_secret"), account.Get("refresh_token"), account.Get("developer_token")));
    }

    [Theory]
    [InlineData("environment")]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    [InlineData("AZURE_FUNCTIONS_ENVIRONMENT")]
    public async Task SeedCredentials_InProduction_Answers403StoresNothingAndEchoesNoSecret(string environmentSetting)
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox, new Dictionary<string, string?> { [environmentSetting] = "Production" });
        var api = new ConversionsApi(host);
        var site = TestSite.Create();

        var answer = await api.SeedAsync(site);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.All(site.Secrets, s => Assert.DoesNotContain(s, answer.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(site.ClientId, answer.Text, StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<ICredentialStore>().GetAsync(site.SiteId, GoogleAds, default));
        Assert.All(site.Secrets, s => Assert.Equal(0, host.Logs.Count(s)));
    }
}
