using System.Net;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Meta;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Jobs.Social;

/// <summary>
/// The social job end to end: Courier's HTTP API and twin, Azurite storage, and the Meta sandbox over loopback HTTP.
/// Each test has its own tables (CourierTestHost) and its own page, Instagram account and token.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SocialEndToEndTests(AzuriteFixture azurite, SocialSandbox sandbox) : IClassFixture<SocialSandbox>
{
    private const string Image = "https://img.example/social/1.jpg";

    [Fact]
    public async Task Run_FacebookTextPhotoAndInstagram_EachPublishedOnceWithPermalinksFuturePostUntouched()
    {
        await sandbox.SettingsAsync(containerPollsInProgress: 0);
        var page = await sandbox.PageAsync();
        await using var host = await SocialHost.StartAsync(azurite, sandbox);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page);
        var text = await api.QueueAsync(page, "facebook", "Hello from Courier");
        var photo = await api.QueueAsync(page, "facebook", "A photo", Image);
        var ig = await api.QueueAsync(page, "instagram", "An Instagram post", Image);
        var later = await api.QueueAsync(page, "facebook", "Tomorrow", scheduledAt: api.Now.AddDays(1));

        SocialClient.AssertReport(await api.RunAsync(), processed: 3, succeeded: 3, failed: 0, retried: 0);

        var published = (await sandbox.CallsForAsync(page)).Where(c => c.Published).ToList();
        Assert.Equal([MetaEndpoints.FeedKey, MetaEndpoints.MediaPublishKey, MetaEndpoints.PhotosKey], published.Select(c => c.Route).Order(StringComparer.Ordinal));
        foreach (var id in new[] { text, photo, ig })
        {
            var post = await api.PostAsync(id);
            Assert.Equal("posted", post.GetProperty("status").GetString());
            Assert.False(post.GetProperty("simulated").GetBoolean());
            var permalink = post.GetProperty("permalink").GetString()!;
            Assert.StartsWith(id == ig ? "https://www.instagram.com/p/" : "https://www.facebook.com/", permalink, StringComparison.Ordinal);
            var attempt = Assert.Single(await api.ActivityAsync(id));
            Assert.Equal(("posted", permalink), (attempt.GetProperty("outcome").GetString(), attempt.GetProperty("permalink").GetString()));
        }

        Assert.Equal("scheduled", (await api.PostAsync(later)).GetProperty("status").GetString());
        Assert.Equal([later], (await api.ListAsync("scheduled")).Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(3, (await api.ListAsync("posted")).Count);

        // A second run publishes nothing again.
        SocialClient.AssertReport(await api.RunAsync(), processed: 0, succeeded: 0, failed: 0, retried: 0);
        Assert.Equal(3, (await sandbox.CallsForAsync(page)).Count(c => c.Published));
        AssertNoToken(page, api, host);
    }

    [Fact]
    public async Task Run_InstagramContainerInProgress_NotWaitedOnAndPublishedByALaterRun()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await sandbox.SettingsAsync(containerPollsInProgress: 1);
        var page = await sandbox.PageAsync();
        await using var host = await SocialHost.StartAsync(azurite, sandbox, time: time);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page);
        var ig = await api.QueueAsync(page, "instagram", "Processing takes a while", Image);

        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 0, failed: 0, retried: 1);
        var waiting = await api.PostAsync(ig);
        Assert.Equal(("scheduled", 0, "CONTAINER_IN_PROGRESS"), (waiting.GetProperty("status").GetString(), waiting.GetProperty("attempts").GetInt32(), waiting.GetProperty("lastError").GetString()));

        time.Advance(TimeSpan.FromMinutes(1));
        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 1, failed: 0, retried: 0);

        var calls = await sandbox.CallsForAsync(page);
        Assert.Equal([MetaEndpoints.MediaKey, MetaEndpoints.MediaPublishKey], calls.Select(c => c.Route));
        Assert.Equal(calls[0].ObjectId, calls[1].CreationId);
        Assert.Equal("posted", (await api.PostAsync(ig)).GetProperty("status").GetString());
        Assert.Equal(["posted", "waiting"], (await api.ActivityAsync(ig)).Select(a => a.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Run_TransientErrors_RetriedAt2_5_15_60MinutesThenFailedAtAttempt5()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var page = await sandbox.PageAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Status = 500, PathContains = page.PageId });
        await using var host = await SocialHost.StartAsync(azurite, sandbox, time: time);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page);
        var id = await api.QueueAsync(page, "facebook", "Meta is down");
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 0, failed: 0, retried: 1);
            var post = await api.PostAsync(id);
            Assert.Equal(("scheduled", attempt), (post.GetProperty("status").GetString(), post.GetProperty("attempts").GetInt32()));
            var next = post.GetProperty("nextAttemptAt").GetDateTimeOffset();
            waits.Add(next - time.GetUtcNow());
            time.Advance(next - time.GetUtcNow());
        }

        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 0, failed: 1, retried: 0);
        var failed = await api.PostAsync(id);
        Assert.Equal(("failed", 5), (failed.GetProperty("status").GetString(), failed.GetProperty("attempts").GetInt32()));
        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)], waits);
        Assert.Equal(5, (await sandbox.CallsForAsync(page)).Count);
        Assert.All(await api.ActivityAsync(id), a => Assert.Equal("2", a.GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task Run_InvalidToken_Fails190AtOnce()
    {
        var page = await sandbox.PageAsync();
        await using var host = await SocialHost.StartAsync(azurite, sandbox);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page, token: "EAAB-SECRET-revoked-token");
        var id = await api.QueueAsync(page, "facebook", "Will not go out");

        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 0, failed: 1, retried: 0);

        var post = await api.PostAsync(id);
        Assert.Equal(("failed", 1), (post.GetProperty("status").GetString(), post.GetProperty("attempts").GetInt32()));
        Assert.StartsWith("190", post.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("190", Assert.Single(await api.ActivityAsync(id)).GetProperty("errorCode").GetString());
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("EAAB-SECRET-revoked-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_InstagramPublishingLimitReached_PostWaitsInsteadOfFailing()
    {
        await sandbox.SettingsAsync(containerPollsInProgress: 0, publishingLimitPer24Hours: 1);
        try
        {
            var page = await sandbox.PageAsync();
            await using var host = await SocialHost.StartAsync(azurite, sandbox);
            var api = new SocialClient(host);
            await api.ConnectOkAsync(page);
            var first = await api.QueueAsync(page, "instagram", "First of the day", Image);
            var second = await api.QueueAsync(page, "instagram", "One too many", Image, scheduledAt: api.Now.AddSeconds(-30));

            var report = await api.RunAsync();

            Assert.Equal((1, 0), (report.GetProperty("succeeded").GetInt32(), report.GetProperty("failed").GetInt32()));
            Assert.Equal("posted", (await api.PostAsync(first)).GetProperty("status").GetString());
            var waiting = await api.PostAsync(second);
            Assert.Equal(("scheduled", 0), (waiting.GetProperty("status").GetString(), waiting.GetProperty("attempts").GetInt32()));
            Assert.Contains("9/2207042", waiting.GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.True(waiting.GetProperty("nextAttemptAt").GetDateTimeOffset() >= api.Now.AddMinutes(59));
        }
        finally
        {
            await sandbox.SettingsAsync(containerPollsInProgress: 0);
        }
    }

    [Fact]
    public async Task Run_TimeoutAfterMetaAccepted_ExactlyOnePostAndItemReconciled()
    {
        var page = await sandbox.PageAsync();
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Kind = FaultKind.Timeout, Phase = FaultPhase.After, Count = 1, PathContains = page.PageId });
        await using var host = await SocialHost.StartAsync(azurite, sandbox);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page);
        var id = await api.QueueAsync(page, "facebook", "Did this go out?");

        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 1, failed: 0, retried: 0);
        SocialClient.AssertReport(await api.RunAsync(), processed: 0, succeeded: 0, failed: 0, retried: 0);

        var call = Assert.Single(await sandbox.CallsForAsync(page));
        Assert.Equal(("timeout", true), (call.Fault, call.Published));
        var post = await api.PostAsync(id);
        Assert.Equal(("posted", true, call.ObjectId), (post.GetProperty("status").GetString(), post.GetProperty("reconciled").GetBoolean(), post.GetProperty("postId").GetString()));
        Assert.StartsWith("https://www.facebook.com/", post.GetProperty("permalink").GetString(), StringComparison.Ordinal);
        Assert.Equal("reconciled", Assert.Single(await api.ActivityAsync(id)).GetProperty("outcome").GetString());
        AssertNoToken(page, api, host);
    }

    [Fact]
    public async Task Run_DroppedBeforeMetaAndNothingFound_UnknownNeverResent()
    {
        var page = await sandbox.PageAsync();
        // The connection drops after the request was sent but before Meta stored anything: Courier cannot tell.
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Kind = FaultKind.Timeout, Phase = FaultPhase.Before, Count = 1, PathContains = page.PageId });
        await using var host = await SocialHost.StartAsync(azurite, sandbox);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page);
        var id = await api.QueueAsync(page, "facebook", "Lost in transit");

        var report = await api.RunAsync();
        await api.RunAsync();

        Assert.Equal(1, report.GetProperty("unknown").GetInt32());
        var post = await api.PostAsync(id);
        Assert.Equal("unknown", post.GetProperty("status").GetString());
        Assert.StartsWith("PUBLISH_UNCONFIRMED", post.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Single(await sandbox.CallsForAsync(page));
        Assert.DoesNotContain(await sandbox.CallsForAsync(page), c => c.Published);
    }

    [Fact]
    public async Task Run_NoConnectionInDevelopment_SimulatedAndMarkedSo()
    {
        await using var host = await SocialHost.StartAsync(azurite, sandbox, new Dictionary<string, string?> { ["environment"] = "Development" });
        var api = new SocialClient(host);
        var id = await api.QueueAsync(null, "facebook", "Nobody connected yet");

        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 1, failed: 0, retried: 0);

        var post = await api.PostAsync(id);
        Assert.Equal(("posted", true), (post.GetProperty("status").GetString(), post.GetProperty("simulated").GetBoolean()));
        Assert.True(Assert.Single(await api.ActivityAsync(id)).GetProperty("simulated").GetBoolean());
    }

    [Fact]
    public async Task Run_NoConnectionOutsideDevelopment_FailsWithNoConnection()
    {
        await using var host = await SocialHost.StartAsync(azurite, sandbox, new Dictionary<string, string?> { ["environment"] = "Production" });
        var api = new SocialClient(host);
        var id = await api.QueueAsync(null, "facebook", "Nobody connected");

        SocialClient.AssertReport(await api.RunAsync(), processed: 1, succeeded: 0, failed: 1, retried: 0);

        Assert.StartsWith("NO_CONNECTION", (await api.PostAsync(id)).GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"platform":"instagram","connectionId":"CONN","content":"x","scheduledAt":"2026-12-02T12:00:00+01:00"}""", "imageUrl")]
    [InlineData("""{"platform":"myspace","connectionId":"CONN","content":"x","scheduledAt":"2026-12-02T12:00:00+01:00"}""", "platform")]
    [InlineData("""{"platform":"facebook","connectionId":"CONN","content":"x","scheduledAt":"2026-12-02T12:00:00"}""", "scheduledAt")]
    [InlineData("""{"platform":"facebook","connectionId":"nope","content":"x","scheduledAt":"2026-12-02T12:00:00+01:00"}""", "connectionId")]
    public async Task Queue_BadPost_400ProblemNamingTheFieldAndNothingStored(string body, string field)
    {
        var page = await sandbox.PageAsync();
        await using var host = await SocialHost.StartAsync(azurite, sandbox);
        var api = new SocialClient(host);
        await api.ConnectOkAsync(page);

        var answer = await api.QueueRawAsync(JsonNode.Parse(body.Replace("CONN", page.ConnectionId, StringComparison.Ordinal))!.AsObject());

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(field, out _), answer.Text);
        Assert.Empty(await api.ListAsync());
    }

    private static void AssertNoToken(TestPage page, SocialClient api, Courier.TestUtils.Hosts.CourierTestHost host)
    {
        Assert.NotEmpty(host.Logs.Lines);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(page.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(api.Answers, a => a.Contains(page.Token, StringComparison.Ordinal));
    }
}
