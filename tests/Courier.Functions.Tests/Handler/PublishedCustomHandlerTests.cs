using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Functions.Catalog;
using Courier.Functions.Tests.Support;

namespace Courier.Functions.Tests.Handler;

/// <summary>The published folder, run by its executable as the Functions host runs a custom handler.</summary>
public sealed class PublishedCustomHandlerTests(PublishedAppFixture app) : IClassFixture<PublishedAppFixture>
{
    private static StringContent TimerPayload() =>
        new("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-01-01T00:00:00+00:00","Next":"2026-01-01T00:30:00+00:00","LastUpdated":"2026-01-01T00:00:00+00:00"},"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"recover-processing","UtcNow":"2026-01-01T00:30:00Z","RandGuid":"0f0f0f0f-0000-0000-0000-000000000000"}}}""", Encoding.UTF8, "application/json");

    [Fact]
    public void Publish_Folder_IsAFunctionAppThatMatchesTheCatalog()
    {
        Assert.True(File.Exists(Path.Combine(app.Folder, OperatingSystem.IsWindows() ? "Courier.Functions.exe" : "Courier.Functions")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepoRoot.Path, "host.json")),
            File.ReadAllText(Path.Combine(app.Folder, "host.json")));
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(app.Folder, "host.json")))!;
        Assert.Equal("Courier.Functions", host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", host["extensionBundle"]!["version"]!.GetValue<string>());

        var functionFolders = Directory.GetDirectories(app.Folder).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(JobCatalog.Entries.Select(e => e.Name).Order(StringComparer.Ordinal), functionFolders);
        foreach (var entry in JobCatalog.Entries)
        {
            var written = JsonNode.Parse(File.ReadAllText(Path.Combine(app.Folder, entry.Name, "function.json")))!;
            var binding = written["bindings"]![0]!;
            if (entry.Kind == FunctionKind.Timer)
            {
                Assert.Equal(("timer", "timerTrigger", entry.Schedule), (binding["name"]!.GetValue<string>(), binding["type"]!.GetValue<string>(), binding["schedule"]!.GetValue<string>()));
            }
            else
            {
                Assert.Equal(("req", "httpTrigger", "anonymous", entry.Route), (binding["name"]!.GetValue<string>(), binding["type"]!.GetValue<string>(), binding["authLevel"]!.GetValue<string>(), binding["route"]!.GetValue<string>()));
                Assert.Equal(entry.Methods.Select(m => m.ToLowerInvariant()), binding["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
                Assert.Equal("res", written["bindings"]![1]!["name"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Invoke_EveryTimer_BuiltJobsRunAndJobsNotBuiltAnswer501()
    {
        foreach (var timer in JobCatalog.Timers)
        {
            using var response = await app.Client.PostAsync("/" + timer.Name, TimerPayload());
            var text = await response.Content.ReadAsStringAsync();
            if (timer.Name == JobCatalog.Conversions)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var body = JsonDocument.Parse(text);
                var report = body.RootElement.GetProperty("ReturnValue");
                Assert.True(report.GetProperty("ok").GetBoolean());
                Assert.Equal(0, report.GetProperty("processed").GetInt32());
            }
            else if (timer.Name == JobCatalog.Recovery)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var body = JsonDocument.Parse(text);
                var report = body.RootElement.GetProperty("ReturnValue");
                Assert.True(report.GetProperty("ok").GetBoolean());
                Assert.Equal(0, report.GetProperty("recovered").GetInt32());
                Assert.Contains(body.RootElement.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("started by Timer", StringComparison.Ordinal));
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotImplemented, $"{timer.Name}: {response.StatusCode} {text}");
                Assert.Contains($"job '{timer.Name}' is not built yet", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Invoke_UnknownFunction_Answers404()
    {
        using var response = await app.Client.PostAsync("/no-such-function", TimerPayload());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Forward_RecoveryTwin_RunsWithItsSecret()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cron/providers/recover-processing?min_age_minutes=5");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("byQueue").ValueKind);
    }

    [Fact]
    public async Task Ready_Root_AnswersAtOnce()
    {
        using var response = await app.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
