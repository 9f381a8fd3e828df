using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.WriteBack;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.WriteBack;

/// <summary>One model's mapping as settings: columns id, then the fields, then notes (read-only) and status.</summary>
public sealed record TestModel(string Name, string SpreadsheetId, string Sheet, params string[] Fields)
{
    public string[] Columns => ["id", .. Fields, "notes", "status"];

    public void AddTo(Dictionary<string, string?> settings, string site)
    {
        var key = $"WriteBack:Models:{Name}";
        settings[$"{key}:SpreadsheetId"] = SpreadsheetId;
        settings[$"{key}:Sheet"] = Sheet;
        for (var i = 0; i < Columns.Length; i++) settings[$"{key}:Columns:{i}"] = Columns[i];
        settings[$"{key}:KeyColumn"] = "id";
        settings[$"{key}:StatusColumn"] = "status";
        settings[$"{key}:ReadOnlyColumns:0"] = "notes";
        settings[$"{key}:Site"] = site;
    }
}

/// <summary>Starts Courier with the write-back job wired as Program wires it, on Azurite, talking to the sandbox; and calls its HTTP API.</summary>
public sealed class WriteBackHost(CourierTestHost host) : IAsyncDisposable
{
    public const string TwinPath = "/api/sync/write-back";
    public const string QueuePath = "/api/sync/queue";

    public CourierTestHost Host => host;

    public static async Task<WriteBackHost> StartAsync(
        AzuriteFixture azurite, SheetsSandbox sandbox, SheetsServiceAccount account, IEnumerable<TestModel> models,
        IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var all = sandbox.SheetsSettings();
        all["environment"] = "Development";
        all["ProviderHttp:RetryBaseDelay"] = "00:00:00";
        foreach (var model in models) model.AddTo(all, account.SiteId);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var effective = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in all)
        {
            if (value is null) effective.Remove(key);
            else effective[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        var host = await CourierTestHost.StartAsync(
            all,
            s =>
            {
                s.AddWriteBack(configuration);
                // seed-credentials, the route that stores any provider's credentials, is in the conversions job's catalog entry.
                s.AddConversions(configuration);
                services?.Invoke(s);
                if (time is not null) s.AddSingleton(time);
            },
            azurite.ConnectionString);
        var started = new WriteBackHost(host);
        var seeded = await started.SendAsync(HttpMethod.Post, "/api/cron/providers/seed-credentials", TestSecrets.Cron, account.SeedBody().ToJsonString());
        Assert.True(seeded.Status == HttpStatusCode.OK, $"seed: {(int)seeded.Status} {seeded.Text}");
        return started;
    }

    public sealed record Answer(HttpStatusCode Status, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    }

    public static JsonObject Change(string model, string action, string recordId, JsonObject? record = null)
    {
        var body = new JsonObject { ["model"] = model, ["action"] = action, ["recordId"] = recordId };
        if (record is not null) body["record"] = record;
        return body;
    }

    public Task<Answer> EnqueueRawAsync(string body) => SendAsync(HttpMethod.Post, QueuePath, TestSecrets.Api, body);

    /// <summary>Queues a change and checks it was taken (202).</summary>
    public async Task EnqueueAsync(JsonObject change)
    {
        var answer = await EnqueueRawAsync(change.ToJsonString());
        Assert.True(answer.Status == HttpStatusCode.Accepted, $"enqueue: {(int)answer.Status} {answer.Text}");
    }

    public async Task<JsonElement> QueueAsync()
    {
        var answer = await SendAsync(HttpMethod.Get, QueuePath, TestSecrets.Api, null);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET queue: {(int)answer.Status} {answer.Text}");
        return answer.Json.GetProperty("data");
    }

    /// <summary>Runs the twin once; fails unless it answers 200. Returns the report's <c>result</c> object.</summary>
    public async Task<JsonElement> RunAsync()
    {
        var answer = await RunRawAsync();
        Assert.True(answer.Status == HttpStatusCode.OK, $"twin: {(int)answer.Status} {answer.Text}");
        Assert.True(answer.Json.GetProperty("success").GetBoolean());
        return answer.Json.GetProperty("result");
    }

    public Task<Answer> RunRawAsync() => SendAsync(HttpMethod.Post, TwinPath, TestSecrets.Cron, null);

    public static void AssertResult(JsonElement result, int processed, int succeeded, int failed, int skipped) =>
        Assert.Equal(
            $"processed={processed} succeeded={succeeded} failed={failed} skipped={skipped}",
            string.Create(CultureInfo.InvariantCulture, $"processed={result.GetProperty("processed").GetInt32()} succeeded={result.GetProperty("succeeded").GetInt32()} failed={result.GetProperty("failed").GetInt32()} skipped={result.GetProperty("skipped").GetInt32()}"));

    public async Task<Answer> SendAsync(HttpMethod method, string path, string secret, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
