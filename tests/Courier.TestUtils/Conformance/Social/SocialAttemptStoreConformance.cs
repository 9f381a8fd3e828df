using Courier.Core.Jobs.Social;

namespace Courier.TestUtils.Conformance.Social;

/// <summary>Conformance of <see cref="ISocialAttemptStore"/>: every field kept, newest first, bounded, filterable by post.</summary>
public abstract class SocialAttemptStoreConformance
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 23, 59, 0, TimeSpan.Zero);

    /// <summary>A store over storage no other test uses.</summary>
    protected abstract ISocialAttemptStore CreateStore();

    private static CancellationToken None => CancellationToken.None;

    private static SocialDeliveryAttempt Attempt(string postId, int attempt, DateTimeOffset at, string outcome = "posted") =>
        new(postId, attempt, at, SocialPlatform.Instagram, "page-1", outcome, "17900000000000001", "https://www.instagram.com/p/abc/", null, null, false);

    [Fact]
    public async Task AddAsync_EveryField_ReadBack()
    {
        var store = CreateStore();
        var attempt = new SocialDeliveryAttempt("post/1#x", 2, Start, SocialPlatform.Facebook, null, "simulated", "simulated-post/1#x", null, "190", "Invalid OAuth access token", true);

        await store.AddAsync(attempt, None);

        Assert.Equal(attempt, Assert.Single(await store.ListRecentAsync(10, null, None)));
    }

    [Fact]
    public async Task ListRecentAsync_AcrossDays_NewestFirstAndBounded()
    {
        var store = CreateStore();
        await store.AddAsync(Attempt("a", 1, Start), None);
        await store.AddAsync(Attempt("b", 1, Start.AddMinutes(2)), None);
        await store.AddAsync(Attempt("c", 1, Start.AddMinutes(1)), None);

        var recent = await store.ListRecentAsync(2, null, None);

        Assert.Equal(["b", "c"], recent.Select(r => r.PostId));
    }

    [Fact]
    public async Task ListRecentAsync_OnePost_OnlyItsAttempts()
    {
        var store = CreateStore();
        await store.AddAsync(Attempt("a", 1, Start, "waiting"), None);
        await store.AddAsync(Attempt("b", 1, Start.AddSeconds(1)), None);
        await store.AddAsync(Attempt("a", 1, Start.AddSeconds(2)), None);

        var recent = await store.ListRecentAsync(10, "a", None);

        Assert.Equal(["posted", "waiting"], recent.Select(r => r.Outcome));
    }
}
