using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>The conversions job's HTTP surface as a client sees it: enqueue, read, seed credentials, run the twin.</summary>
public sealed class ConversionsApi(CourierTestHost host)
{
    public const string TwinPath = "/api/cron/process-offline-conversions";

    /// <summary>A response's status and raw body (every check on secrets reads the raw text).</summary>
    public sealed record Answer(HttpStatusCode Status, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    }

    public Task<Answer> EnqueueAsync(JsonNode body) => EnqueueRawAsync(body.ToJsonString());

    public Task<Answer> EnqueueRawAsync(string body) => SendAsync(HttpMethod.Post, "/api/conversions", TestSecrets.Api, body);

    public Task<Answer> GetAsync(string siteId, string saleId) =>
        SendAsync(HttpMethod.Get, $"/api/conversions/{Uri.EscapeDataString(siteId)}/{Uri.EscapeDataString(saleId)}", TestSecrets.Api, null);

    /// <summary>The stored item of a sale (its <c>item</c> object); fails when the API does not answer 200.</summary>
    public async Task<JsonElement> ItemAsync(string siteId, string saleId)
    {
        var answer = await GetAsync(siteId, saleId);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {siteId}/{saleId}: {(int)answer.Status} {answer.Text}");
        return answer.Json.GetProperty("item");
    }

    public Task<Answer> SeedAsync(TestSite site) => SeedRawAsync(new JsonObject
    {
        ["site_id"] = site.SiteId,
        ["provider_key"] = "google_ads",
        ["credentials"] = site.Credentials(),
    }.ToJsonString());

    public Task<Answer> SeedRawAsync(string body) => SendAsync(HttpMethod.Post, "/api/cron/providers/seed-credentials", TestSecrets.Cron, body);

    /// <summary>Seeds and checks the answer.</summary>
    public async Task SeedOkAsync(TestSite site)
    {
        var answer = await SeedAsync(site);
        Assert.True(answer.Status == HttpStatusCode.OK, $"seed {site.SiteId}: {(int)answer.Status} {answer.Text}");
    }

    /// <summary>Runs the twin once and returns its report; fails unless it answers 200.</summary>
    public async Task<JsonElement> RunAsync(int? limit = null)
    {
        var answer = await RunRawAsync(limit);
        Assert.True(answer.Status == HttpStatusCode.OK, $"twin: {(int)answer.Status} {answer.Text}");
        return answer.Json;
    }

    public Task<Answer> RunRawAsync(int? limit = null) =>
        SendAsync(HttpMethod.Post, limit is null ? TwinPath : $"{TwinPath}?limit={limit}", TestSecrets.Cron, null);

    /// <summary>How many conversions are stored, in any state.</summary>
    public async Task<int> StoredCountAsync()
    {
        var stats = await host.Services.GetRequiredService<WorkQueue>().GetStatsAsync(ConversionsQueue.Name);
        return stats.ByState.Values.Sum();
    }

    public async Task<QueueStats> StatsAsync() => await host.Services.GetRequiredService<WorkQueue>().GetStatsAsync(ConversionsQueue.Name);

    /// <summary>Asserts a twin report's counters, field by field, with <c>ok</c> true.</summary>
    public static void AssertReport(JsonElement report, int processed, int completed, int failed, int retry)
    {
        var actual = $"ok={report.GetProperty("ok").GetBoolean()} processed={report.GetProperty("processed").GetInt32()} completed={report.GetProperty("completed").GetInt32()} failed={report.GetProperty("failed").GetInt32()} retry={report.GetProperty("retry").GetInt32()}";
        Assert.Equal($"ok=True processed={processed} completed={completed} failed={failed} retry={retry}", actual);
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, string secret, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
