using System.Text.Json.Nodes;
using Courier.TestUtils.Hosts;

namespace Courier.Benchmarks.Support;

/// <summary>Queues conversions through the HTTP API: one request per sale, or the bulk producer API (1,000 per request).</summary>
public static class Enqueue
{
    public const int BulkMax = 1000;

    public static async Task OneByOneAsync(BenchCourier courier, BenchSite site, string prefix, int from, int count)
    {
        for (var i = from; i < from + count; i++)
            (await courier.SendAsync(HttpMethod.Post, "/api/conversions", TestSecrets.Api, site.Sale(BenchSite.SaleId(prefix, i)).ToJsonString())).Ok("enqueue");
    }

    public static async Task BulkAsync(BenchCourier courier, BenchSite site, string prefix, int from, int count)
    {
        for (var start = from; start < from + count; start += BulkMax)
        {
            var list = new JsonArray();
            for (var i = start; i < Math.Min(from + count, start + BulkMax); i++) list.Add(site.Sale(BenchSite.SaleId(prefix, i)));
            var answer = (await courier.SendAsync(HttpMethod.Post, "/api/conversions/bulk", TestSecrets.Api, new JsonObject { ["conversions"] = list }.ToJsonString())).Ok("bulk enqueue").Json;
            if (answer.GetProperty("created").GetInt32() != list.Count) throw new InvalidOperationException($"bulk enqueue created {answer.GetProperty("created")} of {list.Count}");
        }
    }
}
