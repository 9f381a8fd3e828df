using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>
/// Account-level failures hold the site (spec §5.3) end to end, over HTTP, Azurite and the sandbox: no sale fails, Google is
/// called at most once for the site, /api/status and /status say why, and the release (new credentials, another API version)
/// lets the next run send everything.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConversionsAccountHoldEndToEndTests(AzuriteFixture azurite, ConversionsSandbox sandbox) : IClassFixture<ConversionsSandbox>
{
    private const int Rows = 2500;

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private static async Task EnqueueAsync(CourierTestHost host, TestSite site)
    {
        // Through the registered queue with the API's own parser, as the 2,500-row test of ConversionsEndToEndTests does.
        var queue = host.Services.GetRequiredService<ConversionsQueue>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Rows), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var (payload, errors) = ConversionSubmission.Parse(JsonSerializer.SerializeToElement(site.Sale($"bulk-{i:D4}")));
            Assert.Empty(errors);
            Assert.True((await queue.EnqueueAsync(payload!, ct)).Created);
        });
    }

    private static async Task<JsonElement> CircuitOnStatusAsync(CourierTestHost host, string siteId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return root.GetProperty("circuits").EnumerateArray().Single(c => c.GetProperty("siteId").GetString() == siteId).Clone();
    }

    private static async Task<string> StatusPageAsync(CourierTestHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task AssertAllWaitingAsync(ConversionsApi api, TestSite site, string reason)
    {
        var stats = await api.StatsAsync();
        Assert.Equal((0, Rows), (stats.Count(QueueState.Failed), stats.Count(QueueState.Retry)));
        foreach (var sale in new[] { "bulk-0000", "bulk-1999", "bulk-2499" })
        {
            var item = await api.ItemAsync(site.SiteId, sale);
            Assert.Equal(("RETRY", 0), (item.GetProperty("status").GetString(), item.GetProperty("attempts").GetInt32()));
            Assert.StartsWith(reason + ": ", item.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunTwin_RefreshTokenRevoked_NoSaleFailsOneGoogleCallSiteHeldUntilNewCredentialsThenTwoUploadsCompleteAll()
    {
        var time = NewClock();
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox, time: time);
        var api = new ConversionsApi(host);
        var site = TestSite.Create();
        await api.SeedOkAsync(site);
        await sandbox.RevokeRefreshTokenAsync(site.RefreshToken);
        await EnqueueAsync(host, site);

        ConversionsApi.AssertReport(await api.RunAsync(limit: Rows), processed: Rows, completed: 0, failed: 0, retry: Rows);

        // Google was called once for the site: the refused token refresh, and no upload.
        Assert.Single(await sandbox.TokenCallsForAsync(site.ClientId));
        Assert.Empty(await sandbox.UploadsForAsync(site.CustomerId));
        await AssertAllWaitingAsync(api, site, "CREDENTIALS_REJECTED");
        var circuit = await CircuitOnStatusAsync(host, site.SiteId);
        Assert.Equal(("HELD", "CREDENTIALS_REJECTED"), (circuit.GetProperty("state").GetString(), circuit.GetProperty("holdReason").GetString()));
        Assert.Contains("invalid_grant", circuit.GetProperty("holdMessage").GetString(), StringComparison.Ordinal);
        var page = await StatusPageAsync(host);
        Assert.Contains("HELD", page, StringComparison.Ordinal);
        Assert.Contains("CREDENTIALS_REJECTED", page, StringComparison.Ordinal);

        // Held: a later run, with the rows due again, calls nothing and counts nothing.
        time.Advance(TimeSpan.FromMinutes(11));
        ConversionsApi.AssertReport(await api.RunAsync(limit: Rows), processed: Rows, completed: 0, failed: 0, retry: Rows);
        Assert.Single(await sandbox.TokenCallsForAsync(site.ClientId));
        Assert.Empty(await sandbox.UploadsForAsync(site.CustomerId));
        await AssertAllWaitingAsync(api, site, "CREDENTIALS_REJECTED");

        // New credentials (a new refresh token) release the site; the next run sends all 2,500 in two requests.
        var renewed = site with { RefreshToken = site.RefreshToken + "-renewed" };
        var seeded = await api.SeedAsync(renewed);
        Assert.Equal(HttpStatusCode.OK, seeded.Status);
        Assert.True(seeded.Json.GetProperty("circuit_released").GetBoolean());
        Assert.Equal("CLOSED", (await CircuitOnStatusAsync(host, site.SiteId)).GetProperty("state").GetString());

        // The release made the waiting rows due at once: the very next run sends them, with no time passing.
        ConversionsApi.AssertReport(await api.RunAsync(limit: Rows), processed: Rows, completed: Rows, failed: 0, retry: 0);
        Assert.Equal([2000, 500], (await sandbox.UploadsForAsync(site.CustomerId)).Select(c => c.Rows.Count));
        Assert.Equal(Rows, (await api.StatsAsync()).Count(QueueState.Completed));
    }

    [Fact]
    public async Task RunTwin_ApiVersionSunset_NoSaleFailsOneUploadSiteHeldUntilHostRestartsOnAnotherVersionThenTwoUploadsCompleteAll()
    {
        var time = NewClock();
        var site = TestSite.Create();
        // Versions of their own, so other tests on this sandbox (v26) are not touched.
        await sandbox.SetSunsetVersionsAsync(ConversionsSandbox.DefaultSunsetVersions + ",v24");
        try
        {
            string tablePrefix;
            await using (var old = await ConversionsHost.StartAsync(azurite, sandbox, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "v24" }, time))
            {
                var api = new ConversionsApi(old);
                await api.SeedOkAsync(site);
                await EnqueueAsync(old, site);

                ConversionsApi.AssertReport(await api.RunAsync(limit: Rows), processed: Rows, completed: 0, failed: 0, retry: Rows);

                var call = Assert.Single(await sandbox.UploadsForAsync(site.CustomerId));
                Assert.Equal("UNSUPPORTED_VERSION", call.ErrorCode);
                Assert.True((await sandbox.TokenCallsForAsync(site.ClientId)).Count <= 1);
                await AssertAllWaitingAsync(api, site, "API_VERSION_UNSUPPORTED");
                var circuit = await CircuitOnStatusAsync(old, site.SiteId);
                Assert.Equal(("HELD", "API_VERSION_UNSUPPORTED", "v24"),
                    (circuit.GetProperty("state").GetString(), circuit.GetProperty("holdReason").GetString(), circuit.GetProperty("holdApiVersion").GetString()));
                Assert.Contains("API_VERSION_UNSUPPORTED", await StatusPageAsync(old), StringComparison.Ordinal);

                // Same version: still held, no call. New credentials do not change the version, so they do not release it.
                time.Advance(TimeSpan.FromMinutes(11));
                ConversionsApi.AssertReport(await api.RunAsync(limit: Rows), processed: Rows, completed: 0, failed: 0, retry: Rows);
                Assert.Single(await sandbox.UploadsForAsync(site.CustomerId));
                var reseeded = await api.SeedAsync(site);
                Assert.False(reseeded.Json.GetProperty("circuit_released").GetBoolean());
                tablePrefix = old.App.Configuration["Storage:TablePrefix"]!;
            }

            // The operator moves GoogleAds:ApiVersion on and restarts the host on the same storage.
            await using var current = await ConversionsHost.StartAsync(
                azurite, sandbox, new Dictionary<string, string?> { ["GoogleAds:ApiVersion"] = "v25", ["Storage:TablePrefix"] = tablePrefix }, time);
            var currentApi = new ConversionsApi(current);

            // The first run on the new version releases the hold and wakes the waiting rows: it sends them all, with no time passing.
            ConversionsApi.AssertReport(await currentApi.RunAsync(limit: Rows), processed: Rows, completed: Rows, failed: 0, retry: 0);

            var calls = await sandbox.UploadsForAsync(site.CustomerId);
            Assert.Equal([2000, 500], calls.Skip(1).Select(c => c.Rows.Count));
            Assert.All(calls.Skip(1), c => Assert.Contains("25", c.ApiVersion, StringComparison.Ordinal));
            Assert.Equal(Rows, (await currentApi.StatsAsync()).Count(QueueState.Completed));
            Assert.Equal("CLOSED", (await CircuitOnStatusAsync(current, site.SiteId)).GetProperty("state").GetString());
        }
        finally
        {
            await sandbox.SetSunsetVersionsAsync(ConversionsSandbox.DefaultSunsetVersions);
        }
    }
}
