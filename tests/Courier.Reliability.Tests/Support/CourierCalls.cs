using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Hosting.Jobs.Recovery;

namespace Courier.Reliability.Tests.Support;

/// <summary>A Courier instance's HTTP surface as a client sees it (in-process test host or a real process): twins and APIs with their secrets.</summary>
public sealed class CourierCalls(HttpClient client)
{
    public sealed record Answer(HttpStatusCode Status, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        public override string ToString() => $"{(int)Status} {Text}";
    }

    public HttpClient Client => client;

    /// <summary>POST or GET with a Bearer secret.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string secret, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : "/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends and fails unless the answer is <paramref name="expected"/>.</summary>
    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string secret, JsonNode? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var answer = await SendAsync(method, path, secret, body);
        Assert.True(answer.Status == expected, $"{method} {path}: {answer}");
        return answer.Json;
    }

    public Task<Answer> RecoveryAsync() => SendAsync(HttpMethod.Post, $"/{RecoveryJob.TwinRoute}?min_age_minutes=0", Courier.TestUtils.Hosts.TestSecrets.Cron);
}
