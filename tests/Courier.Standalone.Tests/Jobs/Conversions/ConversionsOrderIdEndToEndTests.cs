using System.Net;
using Courier.TestUtils.Azurite;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>Two sales given the same explicit orderId never travel in one request, and both end COMPLETED without looping.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConversionsOrderIdEndToEndTests(AzuriteFixture azurite, ConversionsSandbox sandbox) : IClassFixture<ConversionsSandbox>
{
    [Fact]
    public async Task RunTwin_TwoSalesShareAnOrderId_SeparateRequestsBothCompletedOneAsDuplicate()
    {
        var site = TestSite.Create();
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        await api.SeedOkAsync(site);
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("sale-a", orderId: "ORDER-7"))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("sale-b", orderId: "ORDER-7"))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await api.EnqueueAsync(site.Sale("sale-c"))).Status);

        // Two runs at most: the pair must settle within them.
        await api.RunAsync();
        await api.RunAsync();

        var a = await api.ItemAsync(site.SiteId, "sale-a");
        var b = await api.ItemAsync(site.SiteId, "sale-b");
        Assert.Equal(("COMPLETED", "COMPLETED"), (a.GetProperty("status").GetString(), b.GetProperty("status").GetString()));
        var results = new[] { a, b }.Select(i => i.GetProperty("result").GetString()!).ToList();
        Assert.Single(results, r => r.Contains("\"reason\":\"ORDER_ID_ALREADY_IN_USE\"", StringComparison.Ordinal));

        var calls = await sandbox.UploadsForAsync(site.CustomerId);
        Assert.All(calls, c => Assert.True(c.Rows.Count(r => r.OrderId == "ORDER-7") <= 1, $"call {c.Sequence} carried ORDER-7 twice"));
        var carrying = calls.Where(c => c.Rows.Any(r => r.OrderId == "ORDER-7")).ToList();
        Assert.InRange(carrying.Count, 1, 2);
        Assert.Single(carrying.SelectMany(c => c.Rows), r => r.OrderId == "ORDER-7" && r.Accepted);
    }
}
