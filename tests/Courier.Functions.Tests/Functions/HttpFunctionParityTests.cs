using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Courier.Functions.Tests.Support;
using Courier.Hosting.Catalog;
using Courier.Hosting.Hosting;
using Courier.Hosting.Jobs.Artifacts;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.Recovery;
using Courier.Hosting.Jobs.Social;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Functions.Tests.Functions;

/// <summary>
/// Every HTTP function invoked directly, as the worker invokes it, answers exactly what the same request answers through
/// the standalone host: same status, same content type, same body (less what differs by design: trace ids, run ids and
/// the host's name). Both run the real jobs on in-memory stores at the same fake instant.
/// </summary>
public sealed partial class HttpFunctionParityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["environment"] = "Production",
        ["Runs:InstanceId"] = "parity",
    };

    /// <summary>One request: the function that serves it and how to build it (a request message can be sent once).</summary>
    public sealed record Case(string Name, string Function, Func<HttpRequestMessage> Build);

    [Fact]
    public async Task EveryHttpFunction_SameRequests_AnswerAsTheStandaloneHostDoes()
    {
        await using var worker = await WorkerHarness.StartAsync(Settings, s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).AddCourierJobs(Configuration()));
        await using var standalone = await CourierTestHost.StartAsync(Settings, s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).AddCourierJobs(Configuration()));

        var mismatches = new List<string>();
        foreach (var @case in Cases())
        {
            var fromWorker = await worker.InvokeHttpAsync(@case.Function, @case.Build());
            using var request = @case.Build();
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", WorkerHarness.ForwardedClient);
            using var response = await standalone.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var contentType = response.Content.Headers.ContentType?.ToString();

            if ((int)response.StatusCode != fromWorker.Status)
                mismatches.Add($"{@case.Name}: status {fromWorker.Status} from the function, {(int)response.StatusCode} standalone");
            else if (contentType != fromWorker.Header("Content-Type"))
                mismatches.Add($"{@case.Name}: content type '{fromWorker.Header("Content-Type")}' from the function, '{contentType}' standalone");
            else if (Normalize(body) != Normalize(fromWorker.Body))
                mismatches.Add($"{@case.Name}: body\n  function:   {fromWorker.Body}\n  standalone: {body}");
            else if (response.Headers.Location?.ToString() != fromWorker.Header("Location"))
                mismatches.Add($"{@case.Name}: Location '{fromWorker.Header("Location")}' from the function, '{response.Headers.Location}' standalone");
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Cases_CoverEveryHttpFunctionOfTheCatalog() =>
        Assert.Empty(JobCatalog.HttpFunctions.Select(e => e.Name).Except(Cases().Select(c => c.Function)));

    [Fact]
    public void FunctionMethods_AreExactlyTheCatalogEntries() =>
        Assert.Equal(JobCatalog.Entries.Select(e => e.Name).Order(), WorkerHarness.FunctionMethods.Keys.Order());

    public static IEnumerable<Case> Cases()
    {
        yield return new("healthz", HostFunctions.Health, () => Get("/healthz", null));
        yield return new("status api", HostFunctions.Status, () => Get("/api/status", TestSecrets.Api));
        yield return new("status api, no secret", HostFunctions.Status, () => Get("/api/status", null));
        yield return new("status api, cron secret", HostFunctions.Status, () => Get("/api/status", TestSecrets.Cron));
        yield return new("status page, signed out", HostFunctions.StatusPage, () => Get("/status", null));
        yield return new("status page, bearer", HostFunctions.StatusPage, () => Get("/status", TestSecrets.Api));
        yield return new("status login, no form", HostFunctions.StatusLogin, () => Post("/status/login", null, "{}"));
        yield return new("status login, wrong secret", HostFunctions.StatusLogin, () => Form("/status/login", "wrong"));
        yield return new("status login, right secret", HostFunctions.StatusLogin, () => Form("/status/login", TestSecrets.Api));
        yield return new("status action, signed out", HostFunctions.StatusAction, () => Form("/status/actions/run", "unused"));

        foreach (var twin in JobCatalog.Twins)
        {
            var method = twin.Methods[0];
            var secret = TestSecrets.Of(twin.Auth.SecretSetting!);
            yield return new($"{twin.Name}, good", twin.Name, () => SecretRequests.Build(twin, method, "bearer", secret));
            yield return new($"{twin.Name}, no secret", twin.Name, () => SecretRequests.Build(twin, method, null, null));
            yield return new($"{twin.Name}, wrong secret", twin.Name, () => SecretRequests.Build(twin, method, "bearer", "wrong"));
            foreach (var carrier in SecretRequests.CarriersOf(twin.Auth).Where(c => c != "bearer"))
                yield return new($"{twin.Name}, by {carrier}", twin.Name, () => SecretRequests.Build(twin, method, carrier, secret));
            foreach (var parameter in twin.Parameters)
            {
                yield return new($"{twin.Name}, {parameter.Name} in range", twin.Name, () => SecretRequests.Build(twin, method, "bearer", secret, $"{parameter.Name}={parameter.Max}"));
                yield return new($"{twin.Name}, {parameter.Name} out of range", twin.Name, () => SecretRequests.Build(twin, method, "bearer", secret, $"{parameter.Name}={parameter.Max + 1}"));
                yield return new($"{twin.Name}, {parameter.Name} not a number", twin.Name, () => SecretRequests.Build(twin, method, "bearer", secret, $"{parameter.Name}=abc"));
            }
        }

        const string Sale = """{"siteId":"shop-1","saleId":"S-1","gclid":"Cj0KCQ","conversionDateTime":"2026-11-20T13:45:00+01:00","value":49.9,"currency":"EUR"}""";
        yield return new("enqueue, new sale", ConversionsJob.Enqueue, () => Post("/api/conversions", TestSecrets.Api, Sale));
        yield return new("enqueue, same sale again", ConversionsJob.Enqueue, () => Post("/api/conversions", TestSecrets.Api, Sale));
        yield return new("enqueue, bad field", ConversionsJob.Enqueue, () => Post("/api/conversions", TestSecrets.Api, """{"siteId":"shop-1","saleId":"S-2","gclid":"x","gbraid":"y"}"""));
        yield return new("enqueue, not json", ConversionsJob.Enqueue, () => Post("/api/conversions", TestSecrets.Api, "{"));
        yield return new("bulk, mixed", ConversionsJob.EnqueueBulk, () => Post("/api/conversions/bulk", TestSecrets.Api, "{\"conversions\":[" + Sale + "," + Sale.Replace("S-1", "S-3", StringComparison.Ordinal) + ",{\"siteId\":\"shop-1\"}]}"));
        yield return new("bulk, empty", ConversionsJob.EnqueueBulk, () => Post("/api/conversions/bulk", TestSecrets.Api, """{"conversions":[]}"""));
        yield return new("bulk, no secret", ConversionsJob.EnqueueBulk, () => Post("/api/conversions/bulk", null, """{"conversions":[]}"""));
        yield return new("enqueue, cron secret", ConversionsJob.Enqueue, () => Post("/api/conversions", TestSecrets.Cron, Sale));
        yield return new("get, queued sale", ConversionsJob.Get, () => Get("/api/conversions/shop-1/S-1", TestSecrets.Api));
        yield return new("get, unknown sale", ConversionsJob.Get, () => Get("/api/conversions/shop-1/nope", TestSecrets.Api));
        yield return new("seed, in production", ConversionsJob.SeedCredentials, () => Post("/api/cron/providers/seed-credentials", TestSecrets.Cron, """{"site_id":"shop-1","provider_key":"google_ads","credentials":{}}"""));
        yield return new("seed, api secret", ConversionsJob.SeedCredentials, () => Post("/api/cron/providers/seed-credentials", TestSecrets.Api, "{}"));
        yield return new("recovery twin after the enqueue", RecoveryJob.TwinName, () => Post("/api/cron/providers/recover-processing", TestSecrets.Cron, null));
        yield return new("status api after runs", HostFunctions.Status, () => Get("/api/status", TestSecrets.Api));
        yield return new("redrive, dry run", HostFunctions.QueuesRedrive, () => Post("/api/queues/conversions/redrive", TestSecrets.Api, """{"dryRun":true,"state":["FAILED","UNKNOWN"]}"""));
        yield return new("redrive, filters", HostFunctions.QueuesRedrive, () => Post("/api/queues/conversions/redrive", TestSecrets.Api, """{"state":"failed","siteId":"shop-1","errorCode":"INVALID_GCLID","from":"2026-12-01T00:00:00Z","to":"2026-12-03T00:00:00Z","limit":10}"""));
        yield return new("redrive, no body", HostFunctions.QueuesRedrive, () => Post("/api/queues/conversions/redrive", TestSecrets.Api, null));
        yield return new("redrive, bad filter", HostFunctions.QueuesRedrive, () => Post("/api/queues/conversions/redrive", TestSecrets.Api, """{"state":"COMPLETED","limit":0}"""));
        yield return new("redrive, unknown queue", HostFunctions.QueuesRedrive, () => Post("/api/queues/nope/redrive", TestSecrets.Api, "{}"));
        yield return new("redrive, no secret", HostFunctions.QueuesRedrive, () => Post("/api/queues/conversions/redrive", null, "{}"));
        yield return new("redrive, cron secret", HostFunctions.QueuesRedrive, () => Post("/api/queues/conversions/redrive", TestSecrets.Cron, "{}"));
        yield return new("circuit close, unknown circuit", HostFunctions.CircuitClose, () => Post("/api/circuits/shop-1/google_ads/close", TestSecrets.Api, null));
        yield return new("circuit close, no secret", HostFunctions.CircuitClose, () => Post("/api/circuits/shop-1/google_ads/close", null, null));
        yield return new("circuit close, cron secret", HostFunctions.CircuitClose, () => Post("/api/circuits/shop-1/google_ads/close", TestSecrets.Cron, null));

        yield return new("artifacts, unknown project", ArtifactsJob.Create, () => Post("/api/artifacts", TestSecrets.Api, """{"projectId":"no-such-project"}"""));
        yield return new("artifacts, prefix leaves the project", ArtifactsJob.Create, () => Post("/api/artifacts", TestSecrets.Api, """{"projectId":"p","prefix":"../other"}"""));
        yield return new("artifacts, projectId not a string", ArtifactsJob.Create, () => Post("/api/artifacts", TestSecrets.Api, """{"projectId":7}"""));
        yield return new("artifacts, unknown artifact", ArtifactsJob.Get, () => Get("/api/artifacts/a0123", TestSecrets.Api));
        yield return new("social connect", SocialJob.Connections, () => Post("/api/social-auto-poster/connections", TestSecrets.Api, """{"connectionId":"page-1","pageId":"1010","instagramUserId":"1784","accessToken":"EAAB-parity-token"}"""));
        yield return new("social queue, facebook", SocialJob.Queue, () => Post("/api/social-auto-poster/queue", TestSecrets.Api, """{"platform":"facebook","connectionId":"page-1","content":"Hi","scheduledAt":"2026-12-02T12:00:00+01:00"}"""));
        yield return new("social queue, instagram without image", SocialJob.Queue, () => Post("/api/social-auto-poster/queue", TestSecrets.Api, """{"platform":"instagram","connectionId":"page-1","content":"Hi","scheduledAt":"2026-12-02T12:00:00+01:00"}"""));
        yield return new("social queue, unknown connection", SocialJob.Queue, () => Post("/api/social-auto-poster/queue", TestSecrets.Api, """{"platform":"facebook","connectionId":"nope","content":"Hi","scheduledAt":"2026-12-02T12:00:00+01:00"}"""));
        yield return new("social queue, list scheduled", SocialJob.Queue, () => Get("/api/social-auto-poster/queue?status=scheduled", TestSecrets.Api));
        yield return new("social queue, bad status", SocialJob.Queue, () => Get("/api/social-auto-poster/queue?status=sent", TestSecrets.Api));
        yield return new("social activity", SocialJob.Activity, () => Get("/api/social-auto-poster/activity?limit=5", TestSecrets.Api));

        foreach (var api in JobCatalog.Entries.Where(e => e.Role == FunctionRole.Api && e.Job is not (ConversionsJob.Name)))
        {
            foreach (var method in api.Methods)
            {
                yield return new($"{api.Name} {method}, api secret", api.Name, () => SecretRequests.Build(api, method, "bearer", TestSecrets.Api));
                yield return new($"{api.Name} {method}, no secret", api.Name, () => SecretRequests.Build(api, method, null, null));
            }
        }
    }

    private static IConfiguration Configuration()
    {
        var all = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in Settings) all[key] = value;
        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    private static HttpRequestMessage Get(string path, string? bearer) => WithBearer(new HttpRequestMessage(HttpMethod.Get, path), bearer);

    private static HttpRequestMessage Post(string path, string? bearer, string? json) =>
        WithBearer(new HttpRequestMessage(HttpMethod.Post, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") }, bearer);

    private static HttpRequestMessage Form(string path, string secret) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("secret", secret)]) };

    private static HttpRequestMessage WithBearer(HttpRequestMessage request, string? bearer)
    {
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    /// <summary>The body less what differs by design between two hosts: trace ids, run ids, and the host's own name.</summary>
    private static string Normalize(string body)
    {
        body = RunId().Replace(body, "<run>");
        body = TraceId().Replace(body, "\"traceId\":\"<trace>\"");
        return body.Replace("\"mode\":\"functions\"", "\"mode\":\"<host>\"", StringComparison.Ordinal)
            .Replace("\"mode\":\"standalone\"", "\"mode\":\"<host>\"", StringComparison.Ordinal)
            .Replace("&#183; functions &#183;", "&#183; <host> &#183;", StringComparison.Ordinal)
            .Replace("&#183; standalone &#183;", "&#183; <host> &#183;", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\d{8}T\d{6}Z-[0-9a-f]{8}")]
    private static partial Regex RunId();

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
