using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary><c>POST /api/conversions/bulk</c>: up to 1,000 sales in one request, each validated and answered on its own.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConversionsBulkEnqueueTests(AzuriteFixture azurite, ConversionsSandbox sandbox) : IClassFixture<ConversionsSandbox>
{
    [Fact]
    public async Task EnqueueBulk_GoodBadAndRepeatedSales_EachAnsweredOnItsOwnOnlyGoodOnesStored()
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var api = new ConversionsApi(host);
        var site = TestSite.Create();
        var bad = site.Sale("bad");
        bad["currency"] = "euro";
        var body = new JsonObject { ["conversions"] = new JsonArray(site.Sale("s-1"), bad, site.Sale("s-2"), site.Sale("s-1")) };

        var (status, text) = await PostAsync(host, body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal((false, 2, 1, 1), (answer.GetProperty("ok").GetBoolean(), answer.GetProperty("created").GetInt32(), answer.GetProperty("existing").GetInt32(), answer.GetProperty("rejected").GetInt32()));
        var results = answer.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([202, 400, 202, 200], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.True(results[1].GetProperty("errors").TryGetProperty("currency", out _), text);
        Assert.Equal($"{site.SiteId}:s-1", results[3].GetProperty("id").GetString());
        Assert.Equal(2, await api.StoredCountAsync());
    }

    [Theory]
    [InlineData("""{"conversions":[]}""", "conversions")]
    [InlineData("""{"sales":[]}""", "conversions")]
    [InlineData("""{"conversions":[],"extra":1}""", "conversions")]
    [InlineData("""[]""", "$")]
    public async Task EnqueueBulk_BadEnvelope_Answers400NamingTheField(string body, string field)
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);

        var (status, text) = await PostAsync(host, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    [Fact]
    public async Task EnqueueBulk_MoreThanAThousand_Answers400AndStoresNothing()
    {
        await using var host = await ConversionsHost.StartAsync(azurite, sandbox);
        var site = TestSite.Create();
        var list = new JsonArray();
        for (var i = 0; i < 1001; i++) list.Add(site.Sale($"s-{i}"));

        var (status, _) = await PostAsync(host, new JsonObject { ["conversions"] = list }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(0, await new ConversionsApi(host).StoredCountAsync());
    }

    private static async Task<(HttpStatusCode Status, string Text)> PostAsync(CourierTestHost host, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/conversions/bulk") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
