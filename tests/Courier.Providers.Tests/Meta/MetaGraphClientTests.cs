using System.Text.Json.Nodes;
using Courier.Core.Errors;
using Courier.Providers.Meta;
using Courier.Sandbox.Control;
using Courier.Sandbox.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaGraphClientTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly MetaTestServices s = new(sandbox, new Dictionary<string, string?> { ["Meta:Timeout"] = "00:00:02" });

    public Task InitializeAsync() => s.ResetAsync();

    public Task DisposeAsync()
    {
        s.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PublishFeedAsync_PageToken_PostsMessageAndReadsPermalink()
    {
        var post = await s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "Hello from Courier", CancellationToken.None);
        var permalink = await s.Client.GetPermalinkAsync(s.Credentials, post.Value.PostId, instagram: false, CancellationToken.None);

        Assert.StartsWith(MetaTestServices.PageId + "_", post.Value.PostId, StringComparison.Ordinal);
        Assert.Equal($"https://www.facebook.com/{MetaTestServices.PageId}/posts/{post.Value.PostId.Split('_')[1]}", permalink.Value);
        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName));
        Assert.Equal(("Hello from Courier", post.Value.PostId, true), (call.Message, call.ObjectId, call.Published));
    }

    [Fact]
    public async Task PublishPhotoAsync_UrlAndMessage_ReturnsPostIdAndPhotoId()
    {
        var post = await s.Client.PublishPhotoAsync(s.Credentials, MetaTestServices.PageId, "https://img.example/a.jpg", "caption", CancellationToken.None);

        Assert.StartsWith(MetaTestServices.PageId + "_", post.Value.PostId, StringComparison.Ordinal);
        Assert.NotNull(post.Value.PhotoId);
        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName));
        Assert.Equal(("https://img.example/a.jpg", MetaEndpoints.PhotosKey), (call.ImageUrl, call.Route));
    }

    [Fact]
    public async Task Instagram_ContainerStatusPublishPermalink_WholeFlow()
    {
        await s.ResetAsync(containerPolls: 1);

        var container = await s.Client.CreateContainerAsync(s.Credentials, MetaTestServices.InstagramId, "https://img.example/b.jpg", "ig caption", CancellationToken.None);
        var first = await s.Client.GetContainerStatusAsync(s.Credentials, container.Value, CancellationToken.None);
        var second = await s.Client.GetContainerStatusAsync(s.Credentials, container.Value, CancellationToken.None);
        var media = await s.Client.PublishContainerAsync(s.Credentials, MetaTestServices.InstagramId, container.Value, CancellationToken.None);
        var permalink = await s.Client.GetPermalinkAsync(s.Credentials, media.Value.PostId, instagram: true, CancellationToken.None);
        var recent = await s.Client.GetRecentMediaAsync(s.Credentials, MetaTestServices.InstagramId, 10, CancellationToken.None);
        var limit = await s.Client.GetPublishingLimitAsync(s.Credentials, MetaTestServices.InstagramId, CancellationToken.None);

        Assert.Equal(MetaContainerStatus.InProgress, first.Value.StatusCode);
        Assert.Equal(MetaContainerStatus.Finished, second.Value.StatusCode);
        Assert.StartsWith("https://www.instagram.com/p/", permalink.Value, StringComparison.Ordinal);
        Assert.Equal(new MetaRecentPost(media.Value.PostId, "ig caption", permalink.Value), Assert.Single(recent.Value));
        Assert.Equal(new MetaPublishingLimit(1, 50, TimeSpan.FromHours(24)), limit.Value);
    }

    [Fact]
    public async Task GetRecentPagePostsAsync_NewestFirst_WithTextAndPermalink()
    {
        await s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "one", CancellationToken.None);
        var second = await s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "two", CancellationToken.None);

        var posts = await s.Client.GetRecentPagePostsAsync(s.Credentials, MetaTestServices.PageId, 25, CancellationToken.None);

        Assert.Equal(["two", "one"], posts.Value.Select(p => p.Text));
        Assert.Equal(second.Value.PostId, posts.Value[0].Id);
        Assert.NotNull(posts.Value[0].Permalink);
    }

    [Fact]
    public async Task Usage_HeadersSet_MaxPercentAndRegainTimeReported()
    {
        await s.PostAsync("_sandbox/meta/usage", new
        {
            appUsage = new { call_count = 28, total_cputime = 25, total_time = 25 },
            businessUseCaseUsage = new Dictionary<string, object>
            {
                [MetaTestServices.PageId] = new[] { new { type = "pages", call_count = 91, total_cputime = 10, total_time = 12, estimated_time_to_regain_access = 3 } },
            },
        });

        var post = await s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "x", CancellationToken.None);

        Assert.Equal(new MetaUsage(91, TimeSpan.FromMinutes(3)), post.Usage);
    }

    [Fact]
    public async Task WrongToken_PermanentCode190WithTokenHold()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            s.Client.PublishFeedAsync(new MetaCredentials("EAAB-not-registered"), MetaTestServices.PageId, "x", CancellationToken.None));

        Assert.Equal((ErrorClass.Permanent, "190", MetaAccountReasons.TokenRejected), (e.Error.Class, e.Error.Code, e.Error.HoldReason));
    }

    [Fact]
    public async Task OtherPagesToken_PermanentPermission200()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            s.Client.PublishFeedAsync(new MetaCredentials(MetaTestServices.OtherToken), MetaTestServices.PageId, "x", CancellationToken.None));

        Assert.Equal((ErrorClass.Permanent, "200", MetaAccountReasons.PermissionDenied), (e.Error.Class, e.Error.Code, e.Error.HoldReason));
    }

    [Fact]
    public async Task UnknownPage_PermanentBadParameter100()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            s.Client.PublishPhotoAsync(s.Credentials, "99999", "https://img.example/a.jpg", "x", CancellationToken.None));

        Assert.Equal((ErrorClass.Permanent, "100/33", null), (e.Error.Class, e.Error.Code, e.Error.HoldReason));
    }

    [Theory]
    [InlineData(4, "4")]
    [InlineData(17, "17")]
    [InlineData(32, "32")]
    [InlineData(613, "613")]
    [InlineData(80001, "80001")]
    public async Task Throttled_RateLimitedAfterDefaultWait(int code, string expected)
    {
        await Fault(MetaEndpoints.FeedKey, 400, code);

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "x", CancellationToken.None));

        Assert.Equal((ErrorClass.RateLimited, expected, MetaErrorClassifier.DefaultThrottleWait), (e.Error.Class, e.Error.Code, e.Error.RetryAfter));
    }

    [Fact]
    public async Task IsTransient_TransientWhateverTheCode()
    {
        await Fault(MetaEndpoints.FeedKey, 400, 1234, transient: true);

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "x", CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
    }

    [Fact]
    public async Task ServerError_DefaultBody_TransientCode2()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.MediaKey, Status = 500, Count = 1 });

        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            s.Client.CreateContainerAsync(s.Credentials, MetaTestServices.InstagramId, "https://img.example/a.jpg", "x", CancellationToken.None));

        Assert.Equal((ErrorClass.Transient, "2"), (e.Error.Class, e.Error.Code));
    }

    [Fact]
    public async Task PublishingLimitReached_RateLimitedForAnHour()
    {
        await s.PostAsync("_sandbox/meta/settings", new { publishingLimitPer24Hours = 1 });
        var first = await s.Client.CreateContainerAsync(s.Credentials, MetaTestServices.InstagramId, "https://img.example/a.jpg", "a", CancellationToken.None);
        var second = await s.Client.CreateContainerAsync(s.Credentials, MetaTestServices.InstagramId, "https://img.example/b.jpg", "b", CancellationToken.None);
        await s.Client.PublishContainerAsync(s.Credentials, MetaTestServices.InstagramId, first.Value, CancellationToken.None);

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishContainerAsync(s.Credentials, MetaTestServices.InstagramId, second.Value, CancellationToken.None));
        var limit = await s.Client.GetPublishingLimitAsync(s.Credentials, MetaTestServices.InstagramId, CancellationToken.None);

        Assert.Equal((ErrorClass.RateLimited, "9/2207042", MetaErrorClassifier.PublishingLimitWait), (e.Error.Class, e.Error.Code, e.Error.RetryAfter));
        Assert.True(limit.Value.Reached);
    }

    [Fact]
    public async Task PublishNotReady_RateLimited9007()
    {
        await s.ResetAsync(containerPolls: 3);
        var container = await s.Client.CreateContainerAsync(s.Credentials, MetaTestServices.InstagramId, "https://img.example/a.jpg", "a", CancellationToken.None);

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishContainerAsync(s.Credentials, MetaTestServices.InstagramId, container.Value, CancellationToken.None));

        Assert.Equal((ErrorClass.RateLimited, "9007/2207027", MetaErrorClassifier.MediaNotReadyWait), (e.Error.Class, e.Error.Code, e.Error.RetryAfter));
    }

    [Fact]
    public async Task ContainerErrorInjected_StatusReadAsError()
    {
        var container = await s.Client.CreateContainerAsync(s.Credentials, MetaTestServices.InstagramId, "https://img.example/a.jpg", "a", CancellationToken.None);
        await s.PostAsync($"_sandbox/meta/containers/{container.Value}", new { statusCode = "ERROR", status = "Error: 2207026" });

        var status = await s.Client.GetContainerStatusAsync(s.Credentials, container.Value, CancellationToken.None);

        Assert.Equal(new MetaContainerStatus(MetaContainerStatus.Error, "Error: 2207026"), status.Value);
    }

    [Fact]
    public async Task PublishFeedAsync_TimeoutAfterMetaAccepted_UnknownOutcomeAndPostExists()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Kind = FaultKind.Timeout, Phase = FaultPhase.After, Count = 1 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "maybe", CancellationToken.None));
        var posts = await s.Client.GetRecentPagePostsAsync(s.Credentials, MetaTestServices.PageId, 5, CancellationToken.None);

        Assert.Equal((ErrorClass.UnknownOutcome, "timeout"), (e.Error.Class, e.Error.Code));
        Assert.Equal("maybe", Assert.Single(posts.Value).Text);
    }

    [Fact]
    public async Task GetContainerStatusAsync_ConnectionDropped_TransientSinceAReadIsSafeToRepeat()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.ObjectKey, Kind = FaultKind.Drop });

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.GetContainerStatusAsync(s.Credentials, "123", CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
    }

    [Fact]
    public async Task AllCalls_TokenNeverInLogsOrLedger()
    {
        await s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "x", CancellationToken.None);
        await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishFeedAsync(new MetaCredentials("EAAB-wrong-secret"), MetaTestServices.PageId, "x", CancellationToken.None));
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Kind = FaultKind.Drop, Phase = FaultPhase.After, Count = 1 });
        await Assert.ThrowsAsync<ProviderException>(() => s.Client.PublishFeedAsync(s.Credentials, MetaTestServices.PageId, "x", CancellationToken.None));

        var ledger = await sandbox.Http.GetStringAsync("_sandbox/ledgers/meta");

        Assert.NotEmpty(s.AllLogs);
        Assert.DoesNotContain("EAAB-", s.AllLogs, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB-", ledger, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB-", s.Credentials.ToString(), StringComparison.Ordinal);
    }

    private Task Fault(string route, int status, int code, bool transient = false) => sandbox.Control.AddFaultAsync(new FaultSpec
    {
        Route = route,
        Status = status,
        Count = 1,
        Body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = "(#x) injected", ["type"] = "OAuthException", ["code"] = code, ["is_transient"] = transient, ["fbtrace_id"] = "Atrace" },
        },
    });
}
