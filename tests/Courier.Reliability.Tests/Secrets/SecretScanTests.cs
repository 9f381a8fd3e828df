using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Courier.Hosting.Catalog;
using Courier.Reliability.Tests.BadInput;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.Secrets;

/// <summary>
/// No secret anywhere a reader could see it: a run of every job (credentials seeded, conversions, a social connection with
/// its Page token and a post) is scanned — every log line, every HTTP response body and every stored row — for every
/// configured secret, the seeded tokens and the access tokens the sandbox issued. And seeding credentials over HTTP is
/// refused in Production whatever the request carries.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SecretScanTests(ReliabilityReport report) : SandboxedTest
{

    [Fact]
    public async Task FullRun_EveryJob_NoSecretInLogsResponsesOrStorage()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        var responses = new List<string>();
        var site = AdsSite.Create();
        var pageId = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pageToken = $"EAAB-page-SECRET-{Guid.NewGuid():N}";
        KnownSecrets.Register(pageToken);
        (await Sandbox.Http.PostAsJsonAsync("_sandbox/meta/pages", new { pageId, accessToken = pageToken, name = "Secrets" })).EnsureSuccessStatusCode();

        IReadOnlyList<string> logs;
        await using (var host = await AllJobsHost.StartAsync(Azurite, Sandbox, prefix))
        {
            async Task<HttpStatusCode> Send(HttpMethod method, string path, string secret, string? body = null)
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await host.Client.SendAsync(request);
                responses.Add($"{method} {path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return response.StatusCode;
            }

            Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Post, "/" + Hosting.Jobs.Conversions.ConversionsJob.SeedCredentialsRoute, TestSecrets.Cron, site.SeedBody()));
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Accepted, await Send(HttpMethod.Post, "/api/conversions", TestSecrets.Api, site.Sale($"secret-{i}")));
            var connection = new JsonObject { ["connectionId"] = "conn-" + pageId, ["pageId"] = pageId, ["accessToken"] = pageToken }.ToJsonString();
            Assert.True((int)await Send(HttpMethod.Post, "/api/social-auto-poster/connections", TestSecrets.Api, connection) is >= 200 and < 300, string.Join("\n", responses.TakeLast(1)));
            var post = new JsonObject { ["platform"] = "facebook", ["connectionId"] = "conn-" + pageId, ["content"] = "hello", ["scheduledAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O") }.ToJsonString();
            Assert.True((int)await Send(HttpMethod.Post, "/api/social-auto-poster/queue", TestSecrets.Api, post) is >= 200 and < 300, string.Join("\n", responses.TakeLast(1)));

            // Every twin once, then every read API.
            foreach (var twin in JobCatalog.Twins)
            {
                var secret = TestSecrets.Of(twin.Auth.SecretSetting!);
                await Send(HttpMethod.Post, twin.Path, secret);
            }

            await Send(HttpMethod.Get, $"/api/conversions/{site.SiteId}/secret-0", TestSecrets.Api);
            await Send(HttpMethod.Get, "/api/social-auto-poster/queue", TestSecrets.Api);
            await Send(HttpMethod.Get, "/api/social-auto-poster/activity", TestSecrets.Api);
            await Send(HttpMethod.Get, "/api/sync/queue", TestSecrets.Api);
            await Send(HttpMethod.Get, "/api/status", TestSecrets.Api);
            logs = host.Logs.Lines;
            Assert.Contains(logs, l => l.Contains("social", StringComparison.OrdinalIgnoreCase));
        }

        // The sandbox issued access tokens to Courier during the run: they are secrets too.
        var issued = Sandbox.IssuedAccessTokens;
        Assert.NotEmpty(issued);
        var secrets = KnownSecrets.All.Concat(issued).ToList();
        var stored = (await StorageSnapshot.TakeAsync(Azurite, prefix)).Split('\n');
        Assert.Contains(stored, l => l.Contains("Credentials", StringComparison.Ordinal));
        foreach (var (scope, lines, notes) in new[]
        {
            ("logs of a run of every job (all levels, scopes and exceptions)", (IReadOnlyList<string>)logs, "in-process host, Trace level"),
            ("HTTP response bodies of that run", responses, "seed, enqueue, connections, six twins, read APIs, status"),
            ("table rows and blob names of that run", stored, "credentials and Page tokens are stored encrypted"),
        })
        {
            var leaks = KnownSecrets.Leaks(lines, issued);
            report.Record(new SecretScanRow(scope, secrets.Count, lines.Count, leaks.Count, notes));
            Assert.True(leaks.Count == 0, $"{scope}: {leaks.Count} leaks\n" + string.Join("\n", leaks.Take(5)));
        }
    }

    [Fact]
    public async Task SeedCredentials_InProduction_Answers403WhateverTheRequestCarries()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        var site = AdsSite.Create();
        await using var host = await AllJobsHost.StartAsync(Azurite, Sandbox, prefix, environment: "Production");
        var path = "/" + Hosting.Jobs.Conversions.ConversionsJob.SeedCredentialsRoute;
        var variants = new (string What, Action<HttpRequestMessage> Apply, string Query)[]
        {
            ("nothing at all", _ => { }, ""),
            ("wrong Bearer", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-cron-secret"), ""),
            ("Bearer cron secret", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron), ""),
            ("x-cron-secret header", r => r.Headers.TryAddWithoutValidation("x-cron-secret", TestSecrets.Cron), ""),
            ("?secret= query", _ => { }, "?secret=" + TestSecrets.Cron),
            ("secret cookie", r => r.Headers.TryAddWithoutValidation("Cookie", $"courier_status={TestSecrets.Api}; secret={TestSecrets.Cron}"), ""),
            ("X-Forwarded-For loopback", r => { r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron); r.Headers.TryAddWithoutValidation("X-Forwarded-For", "127.0.0.1"); }, ""),
            ("Host: localhost", r => { r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron); r.Headers.Host = "localhost"; }, ""),
            ("all at once", r =>
            {
                r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Cron);
                r.Headers.TryAddWithoutValidation("x-cron-secret", TestSecrets.Cron);
                r.Headers.TryAddWithoutValidation("X-Forwarded-For", "127.0.0.1");
                r.Headers.TryAddWithoutValidation("X-Forwarded-Host", "localhost");
                r.Headers.Host = "localhost";
            }, "?secret=" + TestSecrets.Cron),
        };

        var wrong = new List<string>();
        foreach (var (what, apply, query) in variants)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path + query) { Content = new StringContent(site.SeedBody(), Encoding.UTF8, "application/json") };
            apply(request);
            using var response = await host.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            // Development-only in the catalog: the gate answers 403 before it reads any secret, so no secret, a wrong one, a
            // carrier the route does not read and the right one all meet the same refusal (spec §6). Never a 401, never a 2xx.
            if (response.StatusCode != HttpStatusCode.Forbidden || !text.Contains("\"status\":403", StringComparison.Ordinal)) wrong.Add($"{what}: {(int)response.StatusCode} {text}");
            Assert.Empty(KnownSecrets.Leaks([text]));
        }

        var stored = (await StorageSnapshot.TakeAsync(Azurite, prefix)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("Credentials", StringComparison.Ordinal)).ToList();
        report.Record(new SecretScanRow("seed-credentials in Production", KnownSecrets.All.Count, variants.Length, wrong.Count + stored.Count,
            "403 (problem body) for every form: no secret, a wrong one, Bearer, header, ?secret=, cookie, X-Forwarded-For loopback, Host: localhost, all at once; nothing stored"));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Empty(stored);
    }
}
