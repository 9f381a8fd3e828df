using Courier.Functions.Tests.Support;
using Courier.Hosting.Catalog;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;

namespace Courier.Functions.Tests.Worker;

/// <summary>The worker middleware keyed by catalog entry: secrets per the catalog's rules, the Disabled switch, rate limits, log redaction, host keys.</summary>
public sealed class CourierHttpMiddlewareTests
{
    public static TheoryData<string> Twins()
    {
        var data = new TheoryData<string>();
        foreach (var twin in JobCatalog.Twins) data.Add(twin.Name);
        return data;
    }

    public static TheoryData<string> SecretFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var entry in JobCatalog.HttpFunctions.Where(e => e.Auth.Kind == AuthKind.Secret)) data.Add(entry.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Invoke_TwinWithRightSecret_RunsIt(string name)
    {
        await using var worker = await WorkerHarness.StartAsync(services: EchoJobs.AddAll);
        var twin = JobCatalog.Find(name)!;

        var response = await worker.InvokeHttpAsync(name, SecretRequests.Build(twin, twin.Methods[0], "bearer", TestSecrets.Of(twin.Auth.SecretSetting!)));

        Assert.Equal(200, response.Status);
        Assert.Contains($"\"job\":\"{twin.Job}\"", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SecretFunctions))]
    public async Task Invoke_MissingOrWrongSecret_Answers401OrArtifact404AndNeverRunsTheFunction(string name)
    {
        var entry = JobCatalog.Find(name)!;
        await using var worker = await WorkerHarness.StartAsync(OutsideProduction(entry), EchoJobs.AddAll);
        var refused = entry.Auth.NotFoundOnFailure ? 404 : 401;

        var missing = await worker.InvokeHttpAsync(name, SecretRequests.Build(entry, entry.Methods[0], null, null));
        var wrong = await worker.InvokeHttpAsync(name, SecretRequests.Build(entry, entry.Methods[0], "bearer", TestSecrets.Of(entry.Auth.SecretSetting!) + "x"));

        Assert.Equal((refused, refused), (missing.Status, wrong.Status));
        Assert.Equal("application/problem+json", missing.Header("Content-Type"));
        Assert.Equal(entry.Auth.NotFoundOnFailure ? null : "Bearer", wrong.Header("WWW-Authenticate"));
        Assert.DoesNotContain(worker.Logs.Lines, l => l.Contains("run_started", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SecretFunctions))]
    public async Task Invoke_SecretSettingUnset_Answers404(string name)
    {
        var entry = JobCatalog.Find(name)!;
        var settings = new Dictionary<string, string?>(OutsideProduction(entry)) { [entry.Auth.SecretSetting!] = "" };
        await using var worker = await WorkerHarness.StartAsync(settings, EchoJobs.AddAll);

        var response = await worker.InvokeHttpAsync(name, SecretRequests.Build(entry, entry.Methods[0], "bearer", ""));

        Assert.Equal(404, response.Status);
    }

    public static TheoryData<string> DevelopmentOnlyFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var entry in JobCatalog.HttpFunctions.Where(e => e.DevelopmentOnly)) data.Add(entry.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(DevelopmentOnlyFunctions))]
    public async Task Invoke_DevelopmentOnlyInProduction_Answers403BeforeAnySecretAndNeverRunsTheFunction(string name)
    {
        var entry = JobCatalog.Find(name)!;
        await using var worker = await WorkerHarness.StartAsync(new Dictionary<string, string?> { ["environment"] = "Production" }, EchoJobs.AddAll);
        var secret = TestSecrets.Of(entry.Auth.SecretSetting!);

        var statuses = new List<int>();
        foreach (var presented in new string?[] { null, secret + "x", secret })
        {
            var response = await worker.InvokeHttpAsync(name, SecretRequests.Build(entry, entry.Methods[0], presented is null ? null : "bearer", presented));
            statuses.Add(response.Status);
            Assert.Equal("application/problem+json", response.Header("Content-Type"));
            Assert.Null(response.Header("WWW-Authenticate"));
        }

        Assert.Equal([403, 403, 403], statuses);
        Assert.DoesNotContain(worker.Logs.Lines, l => l.Contains("run_started", StringComparison.Ordinal));
    }

    /// <summary>The secret rules themselves: a development-only function is checked outside Production (in Production it answers 403 first).</summary>
    private static Dictionary<string, string?> OutsideProduction(CatalogEntry entry) =>
        entry.DevelopmentOnly ? new() { ["environment"] = "Development" } : [];

    [Theory]
    [InlineData("AzureWebJobs.recover-processing-http.Disabled", 404)]
    [InlineData("AzureWebJobs_recover-processing-http_Disabled", 404)]
    [InlineData("AzureWebJobs:recover-processing-http:Disabled", 200)]
    public async Task Invoke_DisabledSwitch_OnlyTheHostsFormsDisable(string setting, int expected)
    {
        await using var worker = await WorkerHarness.StartAsync(new Dictionary<string, string?> { [setting] = "true" }, EchoJobs.AddAll);
        var twin = JobCatalog.TwinOf("recover-processing")!;

        var response = await worker.InvokeHttpAsync(twin.Name, SecretRequests.Build(twin, "POST", "bearer", TestSecrets.Cron));

        Assert.Equal(expected, response.Status);
    }

    [Fact]
    public async Task Invoke_PastTheLimitFromOneForwardedClient_Answers429WithRetryAfterAndOtherClientsGoOn()
    {
        await using var worker = await WorkerHarness.StartAsync(new Dictionary<string, string?> { ["Http:TwinRateLimitPerMinute"] = "2" }, EchoJobs.AddAll);
        var twin = JobCatalog.TwinOf("recover-processing")!;
        HttpRequestMessage From(string client)
        {
            var request = SecretRequests.Build(twin, "POST", "bearer", TestSecrets.Cron);
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", client + ":52311, 10.0.0.4");
            return request;
        }

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++) statuses.Add((await worker.InvokeHttpAsync(twin.Name, From("198.51.100.1"))).Status);
        var limited = await worker.InvokeHttpAsync(twin.Name, From("198.51.100.1"));
        var other = await worker.InvokeHttpAsync(twin.Name, From("198.51.100.2"));

        Assert.Equal([200, 200, 429], statuses);
        Assert.Equal(429, limited.Status);
        Assert.True(int.TryParse(limited.Header("Retry-After"), out var seconds) && seconds is > 0 and <= 60, $"Retry-After: {limited.Header("Retry-After")}");
        Assert.Equal(200, other.Status);
    }

    [Fact]
    public async Task Invoke_SecretsInQueryHeadersAndBodies_NeverReachALogLine()
    {
        await using var worker = await WorkerHarness.StartAsync(services: EchoJobs.AddAll);
        var social = JobCatalog.TwinOf("social-auto-poster-runner")!;
        var deliveries = JobCatalog.TwinOf("partner-delivery-run-pending")!;

        await worker.InvokeHttpAsync(social.Name, SecretRequests.Build(social, "GET", "query", TestSecrets.Cron));
        await worker.InvokeHttpAsync(social.Name, SecretRequests.Build(social, "GET", "query", "wrong-" + TestSecrets.Cron));
        await worker.InvokeHttpAsync(deliveries.Name, SecretRequests.Build(deliveries, "POST", "header", TestSecrets.Deliveries));
        await worker.InvokeHttpAsync(HostFunctions.Status, SecretRequests.Build(JobCatalog.Find(HostFunctions.Status)!, "GET", "bearer", TestSecrets.Api));

        var lines = worker.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("/api/social-auto-poster/runner?secret=***", StringComparison.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.DoesNotContain(TestSecrets.Cron, l, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.Deliveries, l, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.Api, l, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.VaultKey, l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Invoke_RequireSecretFalse_TrustsTheHostsFunctionKeyForTwinsOnly()
    {
        await using var worker = await WorkerHarness.StartAsync(new Dictionary<string, string?> { ["Http:RequireSecret"] = "false" }, EchoJobs.AddAll);
        var twin = JobCatalog.TwinOf("recover-processing")!;
        var api = JobCatalog.Find("conversions-enqueue")!;

        var twinWithKeyOnly = await worker.InvokeHttpAsync(twin.Name, WithFunctionKey(SecretRequests.Build(twin, "POST", null, null)));
        var apiWithKeyOnly = await worker.InvokeHttpAsync(api.Name, WithFunctionKey(SecretRequests.Build(api, "POST", null, null)));
        var statusPage = await worker.InvokeHttpAsync(HostFunctions.StatusPage, new HttpRequestMessage(HttpMethod.Get, "/status"));

        Assert.Equal(200, twinWithKeyOnly.Status);
        Assert.Equal(401, apiWithKeyOnly.Status);
        Assert.Equal(401, statusPage.Status);
    }

    [Fact]
    public async Task Invoke_RequireSecretTrue_TwinNeedsTheSecretEvenWithAFunctionKey()
    {
        await using var worker = await WorkerHarness.StartAsync(services: EchoJobs.AddAll);
        var twin = JobCatalog.TwinOf("recover-processing")!;

        var response = await worker.InvokeHttpAsync(twin.Name, WithFunctionKey(SecretRequests.Build(twin, "POST", null, null)));

        Assert.Equal(401, response.Status);
    }

    private static HttpRequestMessage WithFunctionKey(HttpRequestMessage request)
    {
        // What the host checked before forwarding; the worker never sees or needs the key's value.
        request.Headers.Add("x-functions-key", "host-checked-key");
        return request;
    }
}
