using System.Globalization;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Meta;

/// <summary>What each Graph route does once the token is accepted; every method runs under <see cref="MetaState.Gate"/>.</summary>
internal static class MetaGraph
{
    private const int DefaultLimit = 25;
    private const int MaxLimit = 100;

    /// <summary>One authorised call: the state, the id in the path and the parameters.</summary>
    public sealed record Call(MetaState State, string Id, MetaParameters Parameters);

    /// <summary><c>POST /{page}/feed</c> with <c>message</c> and/or <c>link</c> → <c>{"id":"{page}_{post}"}</c>.</summary>
    public static MetaOutcome Feed(Call call)
    {
        if (!call.State.IsPage(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        var message = call.Parameters["message"];
        var link = call.Parameters["link"];
        if (message is null && link is null)
        {
            return MetaOutcome.From(MetaErrors.MissingMessage());
        }

        var post = call.State.AddPost(call.Id, message, link, imageUrl: null);
        return MetaOutcome.Ok(new JsonObject { ["id"] = post.Id }) with { ObjectId = post.Id, Published = true };
    }

    /// <summary><c>POST /{page}/photos</c> with <c>url</c> and <c>message</c> (or <c>caption</c>) → <c>{"id":photo,"post_id":"{page}_{post}"}</c>.</summary>
    public static MetaOutcome Photos(Call call)
    {
        if (!call.State.IsPage(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        if (call.Parameters["url"] is not { } url)
        {
            return MetaOutcome.From(MetaErrors.MissingPhoto());
        }

        if (!IsHttpUrl(url))
        {
            return MetaOutcome.From(MetaErrors.Error(400, 100, "(#100) url should represent a valid URL", "OAuthException"));
        }

        // published=false uploads an unpublished photo: no post on the timeline.
        if (string.Equals(call.Parameters["published"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return MetaOutcome.From(MetaErrors.Error(400, 100, "(#100) Unpublished photos are not supported by the sandbox", "OAuthException"));
        }

        var post = call.State.AddPost(call.Id, call.Parameters["message"] ?? call.Parameters["caption"], link: null, imageUrl: url);
        return MetaOutcome.Ok(new JsonObject { ["id"] = post.PhotoId, ["post_id"] = post.Id }) with { ObjectId = post.Id, Published = true };
    }

    /// <summary><c>POST /{ig-user}/media</c> with <c>image_url</c> and <c>caption</c> → <c>{"id":container}</c>.</summary>
    public static MetaOutcome CreateContainer(Call call)
    {
        if (!call.State.IsInstagramAccount(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        if (call.Parameters["image_url"] is not { } imageUrl)
        {
            return MetaOutcome.From(call.Parameters["video_url"] is not null
                ? MetaErrors.Error(400, 100, "(#100) Video containers are not supported by the sandbox", "OAuthException")
                : MetaErrors.MissingParameter("image_url"));
        }

        if (!IsHttpUrl(imageUrl))
        {
            // What Meta says when it cannot fetch the image.
            return MetaOutcome.From(MetaErrors.Error(400, 9004, "The media could not be fetched from this uri: " + imageUrl, "OAuthException", subcode: 2207052));
        }

        var container = call.State.AddContainer(call.Id, imageUrl, call.Parameters["caption"]);
        return MetaOutcome.Ok(new JsonObject { ["id"] = container.Id }) with { ObjectId = container.Id };
    }

    /// <summary><c>POST /{ig-user}/media_publish</c> with <c>creation_id</c> → <c>{"id":media}</c>.</summary>
    public static MetaOutcome Publish(Call call)
    {
        if (!call.State.IsInstagramAccount(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        if (call.Parameters["creation_id"] is not { } creationId)
        {
            return MetaOutcome.From(MetaErrors.MissingParameter("creation_id"));
        }

        var (media, failure) = call.State.Publish(call.Id, creationId);
        return media is null
            ? MetaOutcome.From(failure!)
            : MetaOutcome.Ok(new JsonObject { ["id"] = media.Id }) with { ObjectId = media.Id, Published = true };
    }

    /// <summary>
    /// <c>GET /{id}?fields=…</c>: a container (<c>status_code</c>, <c>status</c>, <c>id</c>), a Facebook post or photo
    /// (<c>permalink_url</c>, <c>message</c>, <c>created_time</c>), an Instagram media (<c>permalink</c>, <c>caption</c>, <c>timestamp</c>).
    /// </summary>
    public static MetaOutcome Read(Call call)
    {
        var fields = call.Parameters.Fields();
        bool Wants(string field) => fields.Count == 0 || fields.Contains(field);

        if (call.State.Container(call.Id) is { } container)
        {
            var body = new JsonObject { ["id"] = container.Id };
            if (fields.Contains("status_code"))
            {
                body["status_code"] = call.State.ReadStatus(container);
            }

            if (fields.Contains("status"))
            {
                body["status"] = container.StatusText ?? (container.StatusCode == "ERROR" ? "Error: 2207026" : container.StatusCode == "FINISHED" || container.StatusCode == "PUBLISHED" ? "Finished: Media has been uploaded and it is ready to be published." : "In Progress: Media is still being processed.");
            }

            return MetaOutcome.Ok(body);
        }

        if (call.State.FindPost(call.Id) is { } post)
        {
            var body = new JsonObject { ["id"] = call.Id };
            if (fields.Contains("permalink_url"))
            {
                body["permalink_url"] = post.PhotoId == call.Id ? $"https://www.facebook.com/photo.php?fbid={post.PhotoId}" : post.PermalinkUrl;
            }

            if (Wants("message") && post.Message is not null)
            {
                body["message"] = post.Message;
            }

            if (Wants("created_time"))
            {
                body["created_time"] = MetaState.GraphTime(post.CreatedTime);
            }

            return MetaOutcome.Ok(body);
        }

        if (call.State.FindMedia(call.Id) is { } media)
        {
            var body = new JsonObject { ["id"] = media.Id };
            if (fields.Contains("permalink"))
            {
                body["permalink"] = media.Permalink;
            }

            if (Wants("caption") && media.Caption is not null)
            {
                body["caption"] = media.Caption;
            }

            if (Wants("timestamp"))
            {
                body["timestamp"] = MetaState.GraphTime(media.Timestamp);
            }

            return MetaOutcome.Ok(body);
        }

        return MetaOutcome.Ok(new JsonObject { ["id"] = call.Id });
    }

    /// <summary><c>GET /{page}/posts</c> (or <c>/feed</c>), newest first: <c>{"data":[{id,message,created_time,permalink_url}],"paging"}</c>.</summary>
    public static MetaOutcome PagePosts(Call call)
    {
        if (!call.State.IsPage(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        var fields = call.Parameters.Fields();
        var items = call.State.PostsOf(call.Id).Take(Limit(call.Parameters)).Select(p =>
        {
            var item = new JsonObject { ["id"] = p.Id };
            if (fields.Count == 0 || fields.Contains("created_time"))
            {
                item["created_time"] = MetaState.GraphTime(p.CreatedTime);
            }

            if ((fields.Count == 0 || fields.Contains("message")) && p.Message is not null)
            {
                item["message"] = p.Message;
            }

            if (fields.Contains("permalink_url"))
            {
                item["permalink_url"] = p.PermalinkUrl;
            }

            return (JsonNode)item;
        });
        return MetaOutcome.Ok(new JsonObject { ["data"] = new JsonArray([.. items]) });
    }

    /// <summary><c>GET /{ig-user}/media</c>, newest first: <c>{"data":[{id,caption,permalink,timestamp}]}</c>.</summary>
    public static MetaOutcome AccountMedia(Call call)
    {
        if (!call.State.IsInstagramAccount(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        var fields = call.Parameters.Fields();
        var items = call.State.MediaOf(call.Id).Take(Limit(call.Parameters)).Select(m =>
        {
            var item = new JsonObject { ["id"] = m.Id };
            if (fields.Contains("caption") && m.Caption is not null)
            {
                item["caption"] = m.Caption;
            }

            if (fields.Contains("permalink"))
            {
                item["permalink"] = m.Permalink;
            }

            if (fields.Contains("timestamp"))
            {
                item["timestamp"] = MetaState.GraphTime(m.Timestamp);
            }

            return (JsonNode)item;
        });
        return MetaOutcome.Ok(new JsonObject { ["data"] = new JsonArray([.. items]) });
    }

    /// <summary><c>GET /{ig-user}/content_publishing_limit?fields=config,quota_usage</c>.</summary>
    public static MetaOutcome PublishingLimit(Call call)
    {
        if (!call.State.IsInstagramAccount(call.Id))
        {
            return MetaOutcome.From(MetaErrors.NoSuchObject(call.Id));
        }

        var item = new JsonObject { ["quota_usage"] = call.State.PublishedInWindow(call.Id) };
        if (call.Parameters.Fields().Contains("config"))
        {
            item["config"] = new JsonObject
            {
                ["quota_total"] = call.State.PublishingLimit,
                ["quota_duration"] = (int)MetaState.PublishingWindow.TotalSeconds,
            };
        }

        return MetaOutcome.Ok(new JsonObject { ["data"] = new JsonArray(item) });
    }

    private static int Limit(MetaParameters parameters) =>
        int.TryParse(parameters["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? Math.Min(limit, MaxLimit) : DefaultLimit;

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
