using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Meta;

namespace Courier.Sandbox.Tests.Meta;

public sealed class MetaEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly MetaTestClient meta = new(sandbox.Http);

    public async Task InitializeAsync()
    {
        await sandbox.Control.ResetAsync();
        await meta.RegisterAsync();
        await meta.RegisterAsync(MetaTestClient.OtherPageId, MetaTestClient.OtherToken, instagramUserId: null);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Feed_PageToken_PostsAndLedgerNotesPublishedPost()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "Hello world" });

        Assert.Equal(200, status);
        var id = body["id"]!.GetValue<string>();
        Assert.StartsWith(MetaTestClient.PageId + "_", id, StringComparison.Ordinal);
        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName));
        Assert.Equal((MetaEndpoints.FeedKey, MetaTestClient.PageId, "Hello world", id, true, 200), (call.Route, call.Target, call.Message, call.ObjectId, call.Published, call.Status));
    }

    [Fact]
    public async Task Feed_TokenInQueryAndJsonBody_Accepted()
    {
        var body = new JsonObject { ["message"] = "json body" };
        var (status, _, _) = await meta.SendAsync(
            HttpMethod.Post, $"{MetaTestClient.PageId}/feed?access_token={MetaTestClient.PageToken}", MetaTestClient.Json(body), token: null);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Feed_UnknownToken_Answers190()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "x" }, token: "EAAB-wrong");

        Assert.Equal(400, status);
        Assert.Equal(190, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal("OAuthException", body["error"]!["type"]!.GetValue<string>());
        Assert.False(body["error"]!["is_transient"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["fbtrace_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Feed_NoToken_Answers104()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "x" }, token: null);

        Assert.Equal(400, status);
        Assert.Equal(104, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Feed_TokenOfAnotherPage_Answers200Permission()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "x" }, token: MetaTestClient.OtherToken);

        Assert.Equal(403, status);
        Assert.Equal(200, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Feed_NoMessage_Answers100()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/feed", []);

        Assert.Equal(400, status);
        Assert.Equal(100, body["error"]!["code"]!.GetValue<int>());
        Assert.Empty((await meta.GetAsync($"{MetaTestClient.PageId}/posts")).Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Feed_RetiredVersion_Answers2635()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v12.0/{MetaTestClient.PageId}/feed") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "x" }) };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {MetaTestClient.PageToken}");

        using var response = await sandbox.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(2635, body!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Photos_UrlAndMessage_AnswersPhotoIdAndPostIdWithPermalink()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/photos", new() { ["url"] = "https://img.example/a.jpg", ["message"] = "pic" });
        var postId = body["post_id"]!.GetValue<string>();
        var (_, read, _) = await meta.GetAsync($"{postId}?fields=permalink_url");

        Assert.Equal(200, status);
        Assert.NotEqual(postId, body["id"]!.GetValue<string>());
        Assert.Equal($"https://www.facebook.com/{MetaTestClient.PageId}/posts/{postId.Split('_')[1]}", read["permalink_url"]!.GetValue<string>());
        Assert.Equal(postId, read["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Photos_NoUrl_Answers324()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/photos", new() { ["message"] = "pic" });

        Assert.Equal(400, status);
        Assert.Equal(324, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Posts_NewestFirstWithMessages_SoAMarkerCanBeFound()
    {
        await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "first" });
        await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "second #c-abc" });

        var (status, body, _) = await meta.GetAsync($"{MetaTestClient.PageId}/posts?fields=id,message,created_time,permalink_url&limit=10");

        Assert.Equal(200, status);
        var data = body["data"]!.AsArray();
        Assert.Equal(["second #c-abc", "first"], data.Select(d => d!["message"]!.GetValue<string>()));
        Assert.All(data, d => Assert.StartsWith("https://www.facebook.com/", d!["permalink_url"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Instagram_ContainerInProgressThenFinished_PublishesOnceWithPermalink()
    {
        await Settings(new { containerPollsInProgress = 2 });
        var container = await meta.CreateContainerAsync("caption #c-1");

        Assert.Equal("IN_PROGRESS", await meta.StatusAsync(container));
        var (early, earlyBody, _) = await meta.PostAsync($"{MetaTestClient.InstagramId}/media_publish", new() { ["creation_id"] = container });
        Assert.Equal("IN_PROGRESS", await meta.StatusAsync(container));
        Assert.Equal("FINISHED", await meta.StatusAsync(container));
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.InstagramId}/media_publish", new() { ["creation_id"] = container });
        var mediaId = body["id"]!.GetValue<string>();
        var (_, read, _) = await meta.GetAsync($"{mediaId}?fields=permalink");
        var (again, againBody, _) = await meta.PostAsync($"{MetaTestClient.InstagramId}/media_publish", new() { ["creation_id"] = container });

        Assert.Equal((400, 9007), (early, earlyBody["error"]!["code"]!.GetValue<int>()));
        Assert.Equal(200, status);
        Assert.StartsWith("https://www.instagram.com/p/", read["permalink"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("PUBLISHED", await meta.StatusAsync(container));
        Assert.Equal((400, 100), (again, againBody["error"]!["code"]!.GetValue<int>()));
        var published = (await sandbox.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName)).Where(c => c.Published).ToList();
        Assert.Equal(mediaId, Assert.Single(published).ObjectId);
        var media = (await meta.GetAsync($"{MetaTestClient.InstagramId}/media?fields=id,caption,permalink")).Body["data"]!.AsArray();
        Assert.Equal("caption #c-1", Assert.Single(media)!["caption"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ERROR")]
    [InlineData("EXPIRED")]
    public async Task Instagram_ContainerFailureInjected_StatusSticksAndPublishRefused(string statusCode)
    {
        var container = await meta.CreateContainerAsync();
        using var set = await sandbox.Http.PostAsJsonAsync($"_sandbox/meta/containers/{container}", new { statusCode });
        set.EnsureSuccessStatusCode();

        var (_, read, _) = await meta.GetAsync($"{container}?fields=status_code,status");
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.InstagramId}/media_publish", new() { ["creation_id"] = container });

        Assert.Equal(statusCode, read["status_code"]!.GetValue<string>());
        Assert.Equal((400, 9007), (status, body["error"]!["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Instagram_OverPublishingLimit_Answers9With2207042AndLimitShowsUsage()
    {
        await Settings(new { containerPollsInProgress = 0, publishingLimitPer24Hours = 1 });
        var first = await meta.CreateContainerAsync();
        var second = await meta.CreateContainerAsync();
        await meta.PostAsync($"{MetaTestClient.InstagramId}/media_publish", new() { ["creation_id"] = first });

        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.InstagramId}/media_publish", new() { ["creation_id"] = second });
        var (_, limit, _) = await meta.GetAsync($"{MetaTestClient.InstagramId}/content_publishing_limit?fields=config,quota_usage");

        Assert.Equal(400, status);
        Assert.Equal((9, 2207042), (body["error"]!["code"]!.GetValue<int>(), body["error"]!["error_subcode"]!.GetValue<int>()));
        Assert.Equal(1, limit["data"]![0]!["quota_usage"]!.GetValue<int>());
        Assert.Equal(1, limit["data"]![0]!["config"]!["quota_total"]!.GetValue<int>());
        Assert.Equal(86400, limit["data"]![0]!["config"]!["quota_duration"]!.GetValue<int>());
    }

    [Fact]
    public async Task Instagram_NoImageUrl_Answers100()
    {
        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.InstagramId}/media", new() { ["caption"] = "x" });

        Assert.Equal((400, 100), (status, body["error"]!["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Usage_SetByControlRoute_SentOnEveryAnswer()
    {
        using var set = await sandbox.Http.PostAsJsonAsync("_sandbox/meta/usage", new
        {
            appUsage = new { call_count = 28, total_cputime = 25, total_time = 25 },
            businessUseCaseUsage = new Dictionary<string, object>
            {
                [MetaTestClient.PageId] = new[] { new { type = "pages", call_count = 91, total_cputime = 10, total_time = 12, estimated_time_to_regain_access = 0 } },
            },
        });
        set.EnsureSuccessStatusCode();

        var (_, _, response) = await meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "x" });

        Assert.Equal("""{"call_count":28,"total_cputime":25,"total_time":25}""", response.Headers.GetValues("X-App-Usage").Single());
        Assert.Contains("\"call_count\":91", response.Headers.GetValues("X-Business-Use-Case-Usage").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_DropAfter_PostTakesEffectButClientSeesNoAnswer()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.FeedKey, Kind = FaultKind.Drop, Phase = FaultPhase.After, Count = 1 });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => meta.PostAsync($"{MetaTestClient.PageId}/feed", new() { ["message"] = "lost answer" }));
        var (_, posts, _) = await meta.GetAsync($"{MetaTestClient.PageId}/posts?fields=id,message");

        Assert.Equal("lost answer", Assert.Single(posts["data"]!.AsArray())!["message"]!.GetValue<string>());
        var call = Assert.Single(await sandbox.Control.GetLedgerAsync<MetaCall>(MetaEndpoints.LedgerName));
        Assert.Equal(("drop", true), (call.Fault, call.Published));
    }

    [Fact]
    public async Task Fault_StatusWithoutBody_AnswersGraphErrorFormat()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = MetaEndpoints.PhotosKey, Status = 500, Count = 1 });

        var (status, body, _) = await meta.PostAsync($"{MetaTestClient.PageId}/photos", new() { ["url"] = "https://img.example/a.jpg" });

        Assert.Equal(500, status);
        Assert.Equal(2, body["error"]!["code"]!.GetValue<int>());
        Assert.True(body["error"]!["is_transient"]!.GetValue<bool>());
        Assert.Empty((await meta.GetAsync($"{MetaTestClient.PageId}/posts")).Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Control_RegisterPage_NeverEchoesToken()
    {
        using var response = await sandbox.Http.PostAsJsonAsync("_sandbox/meta/pages", new { pageId = "303", accessToken = "EAAB-secret-xyz" });
        var text = await response.Content.ReadAsStringAsync();
        var list = await sandbox.Http.GetStringAsync("_sandbox/meta/pages");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.DoesNotContain("EAAB-secret-xyz", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB-", list, StringComparison.Ordinal);
    }

    private async Task Settings(object body)
    {
        using var response = await sandbox.Http.PostAsJsonAsync("_sandbox/meta/settings", body);
        response.EnsureSuccessStatusCode();
    }
}
