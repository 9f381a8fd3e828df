using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.Social;

/// <summary>The social job's HTTP surface as a client sees it; keeps every answer's raw text so tests can search it for secrets.</summary>
public sealed class SocialClient(CourierTestHost host)
{
    public const string TwinPath = "/api/social-auto-poster/runner";

    public List<string> Answers { get; } = [];

    /// <summary>Courier's clock (a FakeTimeProvider when the test moves time).</summary>
    public DateTimeOffset Now => host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    public sealed record Answer(HttpStatusCode Status, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    }

    public Task<Answer> ConnectAsync(TestPage page, string? token = null) => SendAsync(HttpMethod.Post, "/api/social-auto-poster/connections", TestSecrets.Api, new JsonObject
    {
        ["connectionId"] = page.ConnectionId,
        ["pageId"] = page.PageId,
        ["instagramUserId"] = page.InstagramUserId,
        ["accessToken"] = token ?? page.Token,
    }.ToJsonString());

    public async Task ConnectOkAsync(TestPage page, string? token = null)
    {
        var answer = await ConnectAsync(page, token);
        Assert.True(answer.Status == HttpStatusCode.Created, $"connect: {(int)answer.Status} {answer.Text}");
    }

    public Task<Answer> QueueRawAsync(JsonObject body) => SendAsync(HttpMethod.Post, "/api/social-auto-poster/queue", TestSecrets.Api, body.ToJsonString());

    /// <summary>Queues a post and returns its id; fails unless it answers 202.</summary>
    public async Task<string> QueueAsync(TestPage? page, string platform, string content, string? imageUrl = null, DateTimeOffset? scheduledAt = null)
    {
        var body = new JsonObject
        {
            ["platform"] = platform,
            ["content"] = content,
            ["scheduledAt"] = (scheduledAt ?? Now.AddMinutes(-1)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (page is not null) body["connectionId"] = page.ConnectionId;
        if (imageUrl is not null) body["imageUrl"] = imageUrl;
        var answer = await QueueRawAsync(body);
        Assert.True(answer.Status == HttpStatusCode.Accepted, $"queue: {(int)answer.Status} {answer.Text}");
        return answer.Json.GetProperty("item").GetProperty("id").GetString()!;
    }

    /// <summary>The posts in one social status (scheduled, processing, posted, failed, unknown).</summary>
    public async Task<List<JsonElement>> ListAsync(string? status = null)
    {
        var answer = await SendAsync(HttpMethod.Get, status is null ? "/api/social-auto-poster/queue" : $"/api/social-auto-poster/queue?status={status}", TestSecrets.Api, null);
        Assert.True(answer.Status == HttpStatusCode.OK, $"list: {(int)answer.Status} {answer.Text}");
        return [.. answer.Json.GetProperty("items").EnumerateArray()];
    }

    public async Task<JsonElement> PostAsync(string id) => (await ListAsync()).Single(i => i.GetProperty("id").GetString() == id);

    public async Task<List<JsonElement>> ActivityAsync(string? postId = null)
    {
        var answer = await SendAsync(HttpMethod.Get, postId is null ? "/api/social-auto-poster/activity" : $"/api/social-auto-poster/activity?postId={Uri.EscapeDataString(postId)}", TestSecrets.Api, null);
        Assert.True(answer.Status == HttpStatusCode.OK, $"activity: {(int)answer.Status} {answer.Text}");
        return [.. answer.Json.GetProperty("attempts").EnumerateArray()];
    }

    /// <summary>Runs the twin once and returns its report; fails unless it answers 200.</summary>
    public async Task<JsonElement> RunAsync()
    {
        var answer = await SendAsync(HttpMethod.Post, TwinPath, TestSecrets.Cron, null);
        Assert.True(answer.Status == HttpStatusCode.OK, $"twin: {(int)answer.Status} {answer.Text}");
        return answer.Json;
    }

    public static void AssertReport(JsonElement report, int processed, int succeeded, int failed, int retried)
    {
        var actual = $"ok={report.GetProperty("ok").GetBoolean()} processed={report.GetProperty("processed").GetInt32()} succeeded={report.GetProperty("succeeded").GetInt32()} failed={report.GetProperty("failed").GetInt32()} retried={report.GetProperty("retried").GetInt32()}";
        Assert.Equal($"ok=True processed={processed} succeeded={succeeded} failed={failed} retried={retried}", actual);
    }

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? bearer, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Answers.Add(text);
        return new Answer(response.StatusCode, text);
    }
}
