using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;

namespace Courier.Standalone.Tests.Http;

public sealed partial class RequestLogMiddlewareTests
{
    [Fact]
    public async Task InvokeAsync_SecretsInHeaderBearerQueryAndForm_NeverReachALogLine()
    {
        const string Wrong = "wrong-S3cret-value-9797";
        await using var host = await CourierTestHost.StartAsync(services: s =>
        {
            EchoJobs.AddAll(s);
        });
        var social = JobCatalog.TwinOf(SocialJob.Name)!;
        var deliveries = JobCatalog.TwinOf(PartnerDeliveryJob.Name)!;
        var recovery = JobCatalog.TwinOf(RecoveryJob.Name)!;

        var requests = new List<HttpRequestMessage>
        {
            SecretRequests.Build(social, "GET", "query", TestSecrets.Cron),
            SecretRequests.Build(social, "POST", "query", Wrong),
            SecretRequests.Build(social, "POST", "header", TestSecrets.Cron),
            SecretRequests.Build(deliveries, "POST", "header", TestSecrets.Deliveries),
            SecretRequests.Build(deliveries, "POST", "bearer", Wrong),
            SecretRequests.Build(recovery, "POST", "bearer", TestSecrets.Cron, "min_age_minutes=5"),
            SecretRequests.Build(recovery, "POST", "query", TestSecrets.Cron),
            SecretRequests.Build(JobCatalog.Find("courier-status")!, "GET", "bearer", TestSecrets.Api),
            new(HttpMethod.Get, "/status?secret=" + TestSecrets.Api),
            new(HttpMethod.Post, "/status/login") { Content = new FormUrlEncodedContent([new("secret", TestSecrets.Api)]) },
            new(HttpMethod.Post, "/status/login") { Content = new FormUrlEncodedContent([new("secret", Wrong)]) },
        };
        var withCookie = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        withCookie.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSecrets.Api);
        requests.Add(withCookie);

        foreach (var request in requests)
        {
            using var response = await host.Client.SendAsync(request);
        }

        var lines = host.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("secret=***", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("http_request", StringComparison.Ordinal) && l.Contains("min_age_minutes=5", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.DoesNotContain(TestSecrets.Cron, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.Deliveries, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.Api, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Wrong, line, StringComparison.Ordinal);
            Assert.DoesNotMatch(UnmaskedSecretQuery(), line);
        }
    }

    [GeneratedRegex(@"secret=(?!\*\*\*)[^&\s]")]
    private static partial Regex UnmaskedSecretQuery();
}
