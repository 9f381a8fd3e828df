using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.Social;
using Courier.Providers.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaSocialPublisherTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly MetaTestServices s = new(sandbox);

    private ISocialPublisher Publisher => s.Provider.GetRequiredService<ISocialPublisher>();

    public Task InitializeAsync() => s.ResetAsync();

    public Task DisposeAsync()
    {
        s.Dispose();
        return Task.CompletedTask;
    }

    private static SiteCredentials Connection(bool withInstagram = true) => new("conn-1", MetaCredentialSchema.Schema, new Dictionary<string, string>
    {
        ["access_token"] = MetaTestServices.PageToken,
        ["page_id"] = MetaTestServices.PageId,
        ["instagram_user_id"] = withInstagram ? MetaTestServices.InstagramId : "",
    });

    [Fact]
    public async Task PublishFacebookAsync_TextAndPhoto_PermalinksAndFindableByMarker()
    {
        var text = await Publisher.PublishFacebookAsync(Connection(), "Hello\n\u2063ref:abcdefgh", null, CancellationToken.None);
        var photo = await Publisher.PublishFacebookAsync(Connection(), "Pic", "https://img.example/a.jpg", CancellationToken.None);
        var found = await Publisher.FindPublishedAsync(Connection(), SocialPlatform.Facebook, "ref:abcdefgh", CancellationToken.None);
        var missing = await Publisher.FindPublishedAsync(Connection(), SocialPlatform.Facebook, "ref:zzzzzzzz", CancellationToken.None);

        Assert.StartsWith("https://www.facebook.com/", text.Permalink, StringComparison.Ordinal);
        Assert.StartsWith("https://www.facebook.com/", photo.Permalink, StringComparison.Ordinal);
        Assert.Equal((text.PostId, text.Permalink), (found!.PostId, found.Permalink));
        Assert.Null(missing);
    }

    [Fact]
    public async Task Instagram_ContainerStatusPublish_MapsStatusesAndPermalink()
    {
        await s.PostAsync("_sandbox/meta/settings", new { containerPollsInProgress = 1 });

        var container = await Publisher.CreateInstagramContainerAsync(Connection(), "https://img.example/b.jpg", "cap\n\u2063ref:igigigig", CancellationToken.None);
        var first = await Publisher.GetInstagramContainerAsync(Connection(), container, CancellationToken.None);
        var second = await Publisher.GetInstagramContainerAsync(Connection(), container, CancellationToken.None);
        var published = await Publisher.PublishInstagramAsync(Connection(), container, CancellationToken.None);
        var after = await Publisher.GetInstagramContainerAsync(Connection(), container, CancellationToken.None);
        var found = await Publisher.FindPublishedAsync(Connection(), SocialPlatform.Instagram, "ref:igigigig", CancellationToken.None);

        Assert.Equal([SocialContainerStatus.InProgress, SocialContainerStatus.Finished, SocialContainerStatus.Published], [first.Status, second.Status, after.Status]);
        Assert.StartsWith("https://www.instagram.com/p/", published.Permalink, StringComparison.Ordinal);
        Assert.Equal(published.PostId, found!.PostId);
    }

    [Fact]
    public async Task CreateInstagramContainerAsync_ConnectionWithoutInstagram_PermanentIncomplete()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            Publisher.CreateInstagramContainerAsync(Connection(withInstagram: false), "https://img.example/b.jpg", "cap", CancellationToken.None));

        Assert.Equal((ErrorClass.Permanent, "CONNECTION_INCOMPLETE"), (e.Error.Class, e.Error.Code));
    }
}
