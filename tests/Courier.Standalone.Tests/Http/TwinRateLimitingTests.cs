using System.Net;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;

namespace Courier.Standalone.Tests.Http;

public sealed class TwinRateLimitingTests
{
    [Fact]
    public async Task Policy_MoreRequestsThanTheLimit_Answers429WithRetryAfter()
    {
        await using var host = await CourierTestHost.StartAsync(
            new Dictionary<string, string?> { ["Http:TwinRateLimitPerMinute"] = "3" },
            s => EchoJobs.Add(s, RecoveryJob.Name));
        var twin = JobCatalog.TwinOf(RecoveryJob.Name)!;

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            // Wrong secrets count too: the limit also slows down guessing.
            last = await host.Client.SendAsync(SecretRequests.Build(twin, "POST", "bearer", i == 1 ? "wrong" : TestSecrets.Cron));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);

        // Another twin has its own window.
        using var other = await host.Client.SendAsync(SecretRequests.Build(JobCatalog.TwinOf(WriteBackJob.Name)!, "POST", "bearer", TestSecrets.Cron));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
        last.Dispose();
    }

    [Fact]
    public async Task Policy_StatusApi_IsNotLimited()
    {
        await using var host = await CourierTestHost.StartAsync(new Dictionary<string, string?> { ["Http:TwinRateLimitPerMinute"] = "1" });

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
