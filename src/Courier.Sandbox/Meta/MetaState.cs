using System.Globalization;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Microsoft.Extensions.Options;

namespace Courier.Sandbox.Meta;

/// <summary>Pages and their tokens, posts, Instagram containers and media, the publishing allowance and the usage headers.</summary>
internal sealed class MetaState(IOptions<MetaSandboxOptions> options, TimeProvider time) : ISandboxState
{
    public static readonly TimeSpan ContainerLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan PublishingWindow = TimeSpan.FromHours(24);

    private readonly Dictionary<string, MetaPage> pages = new(StringComparer.Ordinal);
    private readonly List<FacebookPost> posts = [];
    private readonly Dictionary<string, InstagramContainer> containers = new(StringComparer.Ordinal);
    private readonly List<InstagramMedia> media = [];
    private long nextId;
    private int pollsInProgress = options.Value.ContainerPollsInProgress;
    private int publishingLimit = options.Value.PublishingLimitPer24Hours;

    /// <summary>Held for a whole request, so concurrent calls apply one after another.</summary>
    public Lock Gate { get; } = new();

    public JsonObject? AppUsage { get; set; }

    public JsonObject? BusinessUseCaseUsage { get; set; }

    public int PollsInProgress
    {
        get { lock (Gate) { return pollsInProgress; } }
        set { lock (Gate) { pollsInProgress = value; } }
    }

    public int PublishingLimit
    {
        get { lock (Gate) { return publishingLimit; } }
        set { lock (Gate) { publishingLimit = value; } }
    }

    /// <summary>Registers or replaces a page (a new token replaces the old one, as a re-issued Page token does).</summary>
    public void AddPage(MetaPage page)
    {
        lock (Gate)
        {
            pages[page.PageId] = page;
        }
    }

    public IReadOnlyList<MetaPage> Pages()
    {
        lock (Gate)
        {
            return [.. pages.Values.OrderBy(p => p.PageId, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Call under <see cref="Gate"/>. The token must be a registered Page token (missing → 104, unknown → 190), and
    /// <paramref name="objectId"/> its page, its Instagram account, or an object of either (else 100/33 or 200).
    /// </summary>
    public MetaFailure? Authorize(string? token, string objectId)
    {
        if (token is null)
        {
            return MetaErrors.MissingToken();
        }

        var page = pages.Values.FirstOrDefault(p => string.Equals(p.AccessToken, token, StringComparison.Ordinal));
        if (page is null)
        {
            return MetaErrors.InvalidToken();
        }

        var owner = OwnerOf(objectId);
        if (owner is null)
        {
            return MetaErrors.NoSuchObject(objectId);
        }

        return owner == page.PageId || owner == page.InstagramUserId ? null : MetaErrors.NotPermitted();
    }

    /// <summary>Call under <see cref="Gate"/>. True when <paramref name="id"/> is a registered Instagram account.</summary>
    public bool IsInstagramAccount(string id) => pages.Values.Any(p => p.InstagramUserId == id);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public bool IsPage(string id) => pages.ContainsKey(id);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public FacebookPost AddPost(string pageId, string? message, string? link, string? imageUrl)
    {
        var number = NextNumber();
        var post = new FacebookPost($"{pageId}_{number}", pageId, message, link, imageUrl is null ? null : NextNumber(), imageUrl, time.GetUtcNow());
        posts.Add(post);
        return post;
    }

    /// <summary>Call under <see cref="Gate"/>. The page's posts, newest first.</summary>
    public IReadOnlyList<FacebookPost> PostsOf(string pageId) => [.. posts.Where(p => p.PageId == pageId).OrderByDescending(p => p.CreatedTime).ThenByDescending(p => p.Id, StringComparer.Ordinal)];

    public IReadOnlyList<FacebookPost> AllPosts()
    {
        lock (Gate)
        {
            return [.. posts];
        }
    }

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public InstagramContainer AddContainer(string instagramUserId, string imageUrl, string? caption)
    {
        var container = new InstagramContainer(NextNumber(), instagramUserId, imageUrl, caption, time.GetUtcNow(), pollsInProgress);
        containers[container.Id] = container;
        return container;
    }

    public InstagramContainer? FindContainer(string id)
    {
        lock (Gate)
        {
            return containers.GetValueOrDefault(id);
        }
    }

    /// <summary>Call under <see cref="Gate"/>. One status read: EXPIRED once 24 h passed unpublished.</summary>
    public string ReadStatus(InstagramContainer container)
    {
        if (container.ForcedStatusCode is null && time.GetUtcNow() - container.CreatedAt >= ContainerLifetime)
        {
            container.ForcedStatusCode = "EXPIRED";
        }

        return container.Read();
    }

    /// <summary>Call under <see cref="Gate"/>. Publishes a FINISHED container, within the rolling 24-hour allowance.</summary>
    public (InstagramMedia? Media, MetaFailure? Failure) Publish(string instagramUserId, string creationId)
    {
        if (!containers.TryGetValue(creationId, out var container) || container.InstagramUserId != instagramUserId)
        {
            return (null, MetaErrors.NoSuchObject(creationId));
        }

        if (container.MediaId is not null)
        {
            return (null, MetaErrors.AlreadyPublished());
        }

        if (PublishedInWindow(instagramUserId) >= publishingLimit)
        {
            return (null, MetaErrors.PublishingLimit(publishingLimit));
        }

        if (container.ForcedStatusCode is null && time.GetUtcNow() - container.CreatedAt >= ContainerLifetime)
        {
            container.ForcedStatusCode = "EXPIRED";
        }

        if (container.StatusCode != "FINISHED")
        {
            return (null, MetaErrors.MediaNotReady());
        }

        var id = NextNumber();
        var item = new InstagramMedia(id, instagramUserId, container.Id, container.Caption, Shortcode(id), time.GetUtcNow());
        media.Add(item);
        container.MediaId = id;
        container.ForcedStatusCode = "PUBLISHED";
        return (item, null);
    }

    /// <summary>Call under <see cref="Gate"/>. Posts the account published in the last 24 hours.</summary>
    public int PublishedInWindow(string instagramUserId)
    {
        var since = time.GetUtcNow() - PublishingWindow;
        return media.Count(m => m.InstagramUserId == instagramUserId && m.Timestamp > since);
    }

    /// <summary>Call under <see cref="Gate"/>. The account's media, newest first.</summary>
    public IReadOnlyList<InstagramMedia> MediaOf(string instagramUserId) =>
        [.. media.Where(m => m.InstagramUserId == instagramUserId).OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Id, StringComparer.Ordinal)];

    public IReadOnlyList<InstagramMedia> AllMedia()
    {
        lock (Gate)
        {
            return [.. media];
        }
    }

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public FacebookPost? FindPost(string id) => posts.FirstOrDefault(p => p.Id == id || p.PhotoId == id);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public InstagramMedia? FindMedia(string id) => media.FirstOrDefault(m => m.Id == id);

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public InstagramContainer? Container(string id) => containers.GetValueOrDefault(id);

    /// <summary>Graph's time format: <c>2026-12-02T11:29:04+0000</c>.</summary>
    public static string GraphTime(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

    public void Reset()
    {
        lock (Gate)
        {
            pages.Clear();
            posts.Clear();
            containers.Clear();
            media.Clear();
            AppUsage = null;
            BusinessUseCaseUsage = null;
            pollsInProgress = options.Value.ContainerPollsInProgress;
            publishingLimit = options.Value.PublishingLimitPer24Hours;
        }
    }

    private string? OwnerOf(string id)
    {
        if (pages.ContainsKey(id))
        {
            return id;
        }

        if (pages.Values.FirstOrDefault(p => p.InstagramUserId == id) is not null)
        {
            return id;
        }

        return FindPost(id)?.PageId ?? containers.GetValueOrDefault(id)?.InstagramUserId ?? FindMedia(id)?.InstagramUserId;
    }

    // Numeric ids of Graph's length; the process-wide counter keeps them unique across pages and kinds.
    private string NextNumber() => (17_900_000_000_000_000L + ++nextId).ToString(CultureInfo.InvariantCulture);

    private static string Shortcode(string id)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var value = long.Parse(id, CultureInfo.InvariantCulture);
        var chars = new List<char>();
        while (value > 0)
        {
            chars.Add(Alphabet[(int)(value % 64)]);
            value /= 64;
        }

        chars.Reverse();
        return new string([.. chars]);
    }
}
