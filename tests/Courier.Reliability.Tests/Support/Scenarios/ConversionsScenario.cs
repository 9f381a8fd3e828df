using System.Globalization;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Hosting.Jobs.Conversions;
using Courier.Sandbox.GoogleAds;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Support.Scenarios;

/// <summary>Offline conversions: sales of one site, uploaded to the Google Ads sandbox; the side effect is an accepted orderId.</summary>
public sealed class ConversionsScenario(ReliabilitySandbox sandbox, AzuriteFixture azurite) : JobScenario(sandbox, azurite)
{
    private static long _nextCustomer = Random.Shared.NextInt64(1_000_000_000, 8_000_000_000);

    public string SiteId => "site-" + Tag;

    /// <summary>Ten digits, distinct per campaign, so its uploads are told apart in the shared ledger.</summary>
    public string CustomerId { get; } = Interlocked.Increment(ref _nextCustomer).ToString(CultureInfo.InvariantCulture);

    public override string Job => "conversions";

    public override string TwinPath => $"/{ConversionsJob.TwinRoute}?limit=50";

    public override string? Queue => ConversionsQueue.Name;

    public override bool UnknownAllowed => true;

    public override Task SetupAsync(CourierCalls calls) => SeedCredentialsAsync(calls);

    public Task SeedCredentialsAsync(CourierCalls calls) => calls.OkAsync(HttpMethod.Post, "/" + ConversionsJob.SeedCredentialsRoute, TestSecrets.Cron, new JsonObject
    {
        ["site_id"] = SiteId,
        ["provider_key"] = "google_ads",
        ["credentials"] = new JsonObject
        {
            ["customer_id"] = CustomerId,
            ["developer_token"] = "devtoken-" + Tag,
            ["client_id"] = "client-" + Tag,
            ["client_secret"] = "secret-" + Tag,
            ["refresh_token"] = "refresh-" + Tag,
            ["conversion_action_resource_name"] = $"customers/{CustomerId}/conversionActions/{CustomerId[^4..]}",
        },
    });

    public static string SaleId(int round, int i) => $"r{round:D3}-{i:D3}";

    public override Task ProduceAsync(CourierCalls producer, int round, int i) => EnqueueAsync(producer, SaleId(round, i));

    public Task EnqueueAsync(CourierCalls calls, string saleId) => calls.OkAsync(HttpMethod.Post, "/" + ConversionsJob.EnqueueRoute, TestSecrets.Api, new JsonObject
    {
        ["siteId"] = SiteId,
        ["saleId"] = saleId,
        ["gclid"] = "gclid-" + saleId,
        ["conversionDateTime"] = "2026-01-02T13:45:00+01:00",
        ["value"] = 12.5m,
        ["currency"] = "EUR",
    }, System.Net.HttpStatusCode.Accepted);

    public override Task<RoundOutcome> CheckAsync(int round) =>
        CheckSalesAsync([.. Enumerable.Range(0, ItemsPerRound).Select(i => SaleId(round, i))]);

    /// <summary>Each sale ended (Completed, or Failed/Unknown with a reason) and Google accepted its orderId at most once, exactly once when Completed.</summary>
    public async Task<RoundOutcome> CheckSalesAsync(IReadOnlyList<string> sales)
    {
        var items = await ItemsAsync(sales.Select(s => ConversionsQueue.IdOf(SiteId, s)));
        var accepted = (await Sandbox.LedgerAsync<AdsUploadCall>(GoogleAdsEndpoints.RouteKey))
            .Where(c => c.CustomerId == CustomerId).SelectMany(c => c.Rows).Where(r => r.Accepted)
            .GroupBy(r => r.OrderId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var problems = new List<string>();
        int lost = 0, duplicated = 0, twice = 0, unknown = 0, unknownButAccepted = 0;
        foreach (var sale in sales)
        {
            var item = items.GetValueOrDefault(ConversionsQueue.IdOf(SiteId, sale));
            var uploads = accepted.GetValueOrDefault(sale);
            if (uploads > 1)
            {
                duplicated += uploads - 1;
                twice++;
                problems.Add($"{sale} accepted {uploads} times");
            }

            if (!Ended(item) || (item!.State == QueueState.Completed && uploads == 0))
            {
                lost++;
                problems.Add($"{sale}: {item?.State.ToString() ?? "missing"} ({item?.LastError}), accepted {uploads}");
            }
            else if (item.State == QueueState.Unknown)
            {
                unknown++;
                if (uploads == 1) unknownButAccepted++;
            }
        }

        return new RoundOutcome(sales.Count, lost, duplicated, unknown, problems, new Dictionary<string, int> { ["Unknown found accepted in the ledger"] = unknownButAccepted }) { DuplicatedItems = twice };
    }
}
