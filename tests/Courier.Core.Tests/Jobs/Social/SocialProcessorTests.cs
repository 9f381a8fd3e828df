using Courier.Core.Errors;
using Courier.Core.Jobs.Social;
using Courier.Core.Queue;

namespace Courier.Core.Tests.Jobs.Social;

public sealed class SocialProcessorTests
{
    private readonly SocialHarness h = new();

    [Fact]
    public async Task Run_FacebookText_PostsToFeedWithMarkerAndStoresPermalink()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1", content: "Hello world");

        var result = await h.RunAsync();

        Assert.Equal(new SocialResult(true, 1, 1, 0, 0, 0, 0), result);
        Assert.Equal(["feed"], h.Publisher.Calls);
        Assert.Equal($"Hello world\n\u2063{SocialMarker.Of("p1")}", Assert.Single(h.Publisher.Texts));
        var item = await h.ItemAsync("p1");
        var stored = SocialHarness.ResultOf(item);
        Assert.Equal((QueueState.Completed, "https://example.test/p/1", false), (item.State, stored["permalink"]!.GetValue<string>(), stored["simulated"]!.GetValue<bool>()));
        var attempt = Assert.Single(h.Attempts.All);
        Assert.Equal(("posted", 1, "https://example.test/p/1", false), (attempt.Outcome, attempt.Attempt, attempt.Permalink, attempt.Simulated));
    }

    [Fact]
    public async Task Run_FacebookWithImage_PostsPhoto()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1", imageUrl: "https://img.example/a.jpg");

        await h.RunAsync();

        Assert.Equal(["photos"], h.Publisher.Calls);
    }

    [Fact]
    public async Task Run_FuturePost_Untouched()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("later", at: h.Now.AddHours(1));

        var result = await h.RunAsync();

        Assert.Equal(0, result.Processed);
        Assert.Empty(h.Publisher.Calls);
        Assert.Equal(QueueState.Queued, (await h.ItemAsync("later")).State);
    }

    [Fact]
    public async Task Run_MoreThanRunLimit_TakesFifty()
    {
        await h.ConnectAsync();
        for (var i = 0; i < 55; i++) await h.EnqueueAsync($"p{i:D2}");

        var result = await h.RunAsync();

        Assert.Equal(50, result.Processed);
        Assert.Equal(5, result.Deferred);
    }

    [Fact]
    public async Task Run_InstagramContainerInProgress_PostponedThenPublishedByLaterRunWithSameContainer()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("ig", SocialPlatform.Instagram);
        h.Publisher.Statuses.Enqueue(SocialContainerStatus.InProgress);

        var first = await h.RunAsync();
        var waiting = await h.ItemAsync("ig");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await h.RunAsync();

        Assert.Equal((1, 0, 1), (first.Processed, first.Succeeded, first.Retried));
        Assert.Equal((QueueState.Retry, 0, SocialProcessor.ContainerInProgress), (waiting.State, waiting.Attempts, waiting.LastError));
        Assert.Equal(1, second.Succeeded);
        Assert.Equal(["media", "status", "status", "media_publish"], h.Publisher.Calls);
        Assert.Equal(["waiting", "posted"], h.Attempts.All.Select(a => a.Outcome));
        Assert.Equal(QueueState.Completed, (await h.ItemAsync("ig")).State);
    }

    [Fact]
    public async Task Run_InstagramContainerError_FailsAtOnce()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("ig", SocialPlatform.Instagram);
        h.Publisher.Statuses.Enqueue(SocialContainerStatus.Error);

        await h.RunAsync();

        var item = await h.ItemAsync("ig");
        Assert.Equal(QueueState.Failed, item.State);
        Assert.StartsWith(SocialProcessor.ContainerFailed, item.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InstagramContainerExpired_RetriedWithANewContainer()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("ig", SocialPlatform.Instagram);
        h.Publisher.Statuses.Enqueue(SocialContainerStatus.Expired);

        await h.RunAsync();
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.RunAsync();

        Assert.Equal(["media", "status", "media", "status", "media_publish"], h.Publisher.Calls);
        Assert.Equal(QueueState.Completed, (await h.ItemAsync("ig")).State);
    }

    [Fact]
    public async Task Run_Transient_RetriesAt2_5_15_60ThenFailsAtAttempt5()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1");
        var dueTimes = new List<TimeSpan>();
        for (var i = 0; i < 5; i++) h.Publisher.PublishErrors.Enqueue(ProviderError.Transient("2", "service down"));

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var before = h.Now;
            await h.RunAsync();
            var item = await h.ItemAsync("p1");
            if (attempt < 5)
            {
                dueTimes.Add(item.DueAt - before);
                h.Time.Advance(item.DueAt - before);
            }
            else
            {
                Assert.Equal((QueueState.Failed, 5), (item.State, item.Attempts));
            }
        }

        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)], dueTimes);
        Assert.Equal(5, h.Attempts.All.Count);
    }

    [Fact]
    public async Task Run_Permanent190_FailsAtOnce()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1");
        h.Publisher.PublishErrors.Enqueue(ProviderError.Permanent("190", "Invalid OAuth access token") with { HoldReason = "TOKEN_REJECTED" });

        var result = await h.RunAsync();

        var item = await h.ItemAsync("p1");
        Assert.Equal((1, QueueState.Failed, 1), (result.Failed, item.State, item.Attempts));
        Assert.Equal("190", Assert.Single(h.Attempts.All).ErrorCode);
    }

    [Fact]
    public async Task Run_InstagramPublishingLimit_WaitsWithoutCountingAnAttempt()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("ig", SocialPlatform.Instagram);
        await h.EnqueueAsync("ig2", SocialPlatform.Instagram);
        h.Publisher.PublishErrors.Enqueue(ProviderError.RateLimited("9/2207042", "Application request limit reached", TimeSpan.FromHours(1)));

        var result = await h.RunAsync();

        var item = await h.ItemAsync("ig");
        Assert.Equal((QueueState.Retry, 0, h.Now.AddHours(1)), (item.State, item.Attempts, item.DueAt));
        Assert.Equal(0, result.Failed);
        // The account is at its limit: the second post is left for a later run, untouched.
        Assert.Equal(QueueState.Queued, (await h.ItemAsync("ig2")).State);
        Assert.Equal(1, h.Publisher.Calls.Count(c => c == "media_publish"));
    }

    [Fact]
    public async Task Run_FacebookAnswerLostButPosted_ReconciledByMarkerNeverSentTwice()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1");
        h.Publisher.PublishErrors.Enqueue(ProviderError.Unknown("timeout", "no answer"));

        var result = await h.RunAsync();

        var item = await h.ItemAsync("p1");
        Assert.Equal((1, QueueState.Completed), (result.Succeeded, item.State));
        Assert.True(SocialHarness.ResultOf(item)["reconciled"]!.GetValue<bool>());
        Assert.Equal(["feed", "find"], h.Publisher.Calls);
        Assert.Equal("reconciled", Assert.Single(h.Attempts.All).Outcome);
    }

    [Fact]
    public async Task Run_FacebookAnswerLostAndNotFound_Unknown()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1");
        h.Publisher.LostAnswerStillPublished = false;
        h.Publisher.PublishErrors.Enqueue(ProviderError.Unknown("timeout", "no answer"));

        var result = await h.RunAsync();
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.RunAsync();

        var item = await h.ItemAsync("p1");
        Assert.Equal((1, QueueState.Unknown), (result.Unknown, item.State));
        Assert.StartsWith(SocialProcessor.PublishUnconfirmed, item.LastError, StringComparison.Ordinal);
        Assert.Single(h.Publisher.Calls, "feed");
    }

    [Fact]
    public async Task Run_InstagramPublishAnswerLostContainerStillFinished_RetriedSafely()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("ig", SocialPlatform.Instagram);
        h.Publisher.LostAnswerStillPublished = false;
        h.Publisher.PublishErrors.Enqueue(ProviderError.Unknown("timeout", "no answer"));

        await h.RunAsync();
        var waiting = await h.ItemAsync("ig");
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.RunAsync();

        Assert.Equal(QueueState.Retry, waiting.State);
        Assert.Equal(["media", "status", "media_publish", "status", "status", "media_publish"], h.Publisher.Calls);
        Assert.Equal(QueueState.Completed, (await h.ItemAsync("ig")).State);
    }

    [Fact]
    public async Task Run_InstagramPublishAnswerLostContainerPublished_Reconciled()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("ig", SocialPlatform.Instagram);
        h.Publisher.PublishErrors.Enqueue(ProviderError.Unknown("timeout", "no answer"));
        h.Publisher.Statuses.Enqueue(SocialContainerStatus.Finished);
        h.Publisher.Statuses.Enqueue(SocialContainerStatus.Published);

        await h.RunAsync();

        var item = await h.ItemAsync("ig");
        Assert.Equal(QueueState.Completed, item.State);
        Assert.True(SocialHarness.ResultOf(item)["reconciled"]!.GetValue<bool>());
        Assert.Single(h.Publisher.Calls, "media_publish");
    }

    [Fact]
    public async Task Run_NoConnectionSimulationOn_CompletedMarkedSimulated()
    {
        var sim = new SocialHarness(new SocialOptions { SimulateWithoutConnection = true });
        await sim.EnqueueAsync("p1", connectionId: null);

        await sim.RunAsync();

        var item = await sim.ItemAsync("p1");
        Assert.Equal(QueueState.Completed, item.State);
        Assert.True(SocialHarness.ResultOf(item)["simulated"]!.GetValue<bool>());
        Assert.True(Assert.Single(sim.Attempts.All).Simulated);
        Assert.Empty(sim.Publisher.Calls);
    }

    [Fact]
    public async Task Run_NoConnectionSimulationOff_FailsWithNoConnection()
    {
        await h.EnqueueAsync("p1", connectionId: null);

        await h.RunAsync();

        var item = await h.ItemAsync("p1");
        Assert.Equal(QueueState.Failed, item.State);
        Assert.StartsWith(SocialProcessor.NoConnection, item.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConnectionMissingFromVault_Fails()
    {
        await h.EnqueueAsync("p1", connectionId: "gone");

        await h.RunAsync();

        Assert.StartsWith(SocialProcessor.ConnectionUnavailable, (await h.ItemAsync("p1")).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UsageNearLimit_LeavesConnectionsOtherPostsForLater()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1");
        await h.EnqueueAsync("p2");
        h.Publisher.UsagePercent = 95;

        var result = await h.RunAsync();

        Assert.Equal((1, 1), (result.Processed, result.Succeeded));
        Assert.Equal(QueueState.Queued, (await h.ItemAsync("p2")).State);
    }

    [Fact]
    public async Task Run_FiveTransientFailuresInARow_OpenThePagesCircuit()
    {
        await h.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await h.EnqueueAsync($"p{i}");
            h.Publisher.PublishErrors.Enqueue(ProviderError.Transient("2", "down"));
        }

        await h.RunAsync();
        await h.EnqueueAsync("next");
        await h.RunAsync();

        var circuit = await h.CircuitStore.GetAsync(new Courier.Core.Circuits.CircuitKey(SocialHarness.Connection, "meta"), CancellationToken.None);
        Assert.Equal(Courier.Core.Circuits.CircuitState.Open, circuit!.State);
        Assert.Equal(5, h.Publisher.Calls.Count);
        Assert.Equal(Courier.Core.Circuits.CircuitPermit.OpenReason, (await h.ItemAsync("next")).LastError);
    }

    [Fact]
    public async Task Run_Logs_NeverHoldTheToken()
    {
        await h.ConnectAsync();
        await h.EnqueueAsync("p1");
        h.Publisher.PublishErrors.Enqueue(ProviderError.Permanent("190", "Invalid OAuth access token"));

        await h.RunAsync();

        Assert.NotEmpty(h.Logger.Entries);
        Assert.DoesNotContain(h.Logger.Entries, e => e.Contains("EAAB", StringComparison.Ordinal));
    }
}
