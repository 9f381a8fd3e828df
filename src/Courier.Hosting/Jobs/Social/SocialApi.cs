using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Social;
using Courier.Core.Queue;
using Courier.Core.Validation;
using Courier.Hosting.Circuits;
using Courier.Hosting.Http;
using Courier.Providers.Meta;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Jobs.Social;

/// <summary>The social job's API handlers (API_SECRET): register a connection, queue and list posts, read the delivery activity.</summary>
public static class SocialApi
{
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 500;

    private static readonly string[] ConnectionFields = ["connectionId", "pageId", "instagramUserId", "accessToken", "name"];

    /// <summary>
    /// <c>POST …/connections</c> <c>{"connectionId","pageId","instagramUserId"?,"accessToken"}</c>: stores the Page token encrypted
    /// in the vault (provider key <c>meta</c>) with the account ids; a second call replaces it and ends a hold of that connection.
    /// The answer never carries the token.
    /// </summary>
    public static async Task<IResult> ConnectionsAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        using var body = await ReadJsonAsync(context.Request, cancellationToken);
        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object) return BadBody();
        var fields = new JsonFields(body.RootElement);
        var connectionId = fields.String("connectionId", required: true, maxLength: 200);
        if (connectionId is not null && (connectionId.Any(char.IsControl) || connectionId.Contains(':', StringComparison.Ordinal)))
            fields.Error("connectionId", "must not contain ':' or control characters");
        var pageId = Digits(fields, "pageId", required: true);
        var instagramUserId = Digits(fields, "instagramUserId", required: false);
        var token = fields.String("accessToken", required: true, maxLength: CredentialField.MaxLength);
        fields.String("name", required: false, maxLength: 200);
        foreach (var property in body.RootElement.EnumerateObject())
        {
            if (!ConnectionFields.Contains(property.Name, StringComparer.Ordinal)) fields.Error(property.Name, "is not a known field");
        }

        if (fields.Errors.Count > 0) return Problems.InvalidFields(fields.Errors);
        var credentials = new JsonObject
        {
            [MetaCredentialSchema.AccessToken] = token,
            [MetaCredentialSchema.PageId] = pageId,
        };
        if (instagramUserId is not null) credentials[MetaCredentialSchema.InstagramUserId] = instagramUserId;
        await services.GetRequiredService<ProviderCredentialsService>().SaveAsync(connectionId!, MetaCredentialSchema.ProviderKey, JsonSerializer.SerializeToElement(credentials), cancellationToken);

        // A new token ends a hold of the connection's circuit; its waiting posts go out on the next run.
        var key = new CircuitKey(connectionId!, MetaCredentialSchema.ProviderKey);
        var before = await services.GetRequiredService<ICircuitStore>().GetAsync(key, cancellationToken);
        var released = await services.GetRequiredService<CircuitBreaker>().ReleaseForNewCredentialsAsync(key, cancellationToken);
        if (released) await services.GetRequiredService<HeldRowWaker>().WakeAsync(before, cancellationToken);
        string[] platforms = instagramUserId is null ? ["facebook"] : ["facebook", "instagram"];
        return Results.Json(
            new { ok = true, connectionId, pageId, instagramUserId, platforms, circuitReleased = released },
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>POST …/queue</c> queues a post (202; the same post again answers 200 with the existing item); <c>GET …/queue?status=&amp;limit=</c> lists posts.</summary>
    public static Task<IResult> QueueAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) ? EnqueueAsync(context) : ListAsync(context);

    /// <summary><c>GET …/activity?postId=&amp;limit=</c>: the newest delivery attempts (permalink, error code, <c>simulated</c>).</summary>
    public static async Task<IResult> ActivityAsync(HttpContext context)
    {
        var limit = Limit(context, out var bad);
        if (bad is not null) return bad;
        var postId = context.Request.Query["postId"].FirstOrDefault();
        var attempts = await context.RequestServices.GetRequiredService<ISocialAttemptStore>().ListRecentAsync(limit, string.IsNullOrEmpty(postId) ? null : postId, context.RequestAborted);
        return Results.Json(new
        {
            attempts = attempts.Select(a => new
            {
                postId = a.PostId,
                attempt = a.Attempt,
                attemptedAt = a.AttemptedAt,
                platform = Name(a.Platform),
                connectionId = a.ConnectionId,
                outcome = a.Outcome,
                providerPostId = a.ProviderPostId,
                permalink = a.Permalink,
                errorCode = a.ErrorCode,
                message = a.Message,
                simulated = a.Simulated,
            }),
        });
    }

    private static async Task<IResult> EnqueueAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        using var body = await ReadJsonAsync(context.Request, cancellationToken);
        if (body is null) return BadBody();
        var (payload, errors) = SocialSubmission.Parse(body.RootElement);
        if (payload is null) return Problems.InvalidFields(errors);
        if (payload.ConnectionId is { } connectionId && await ConnectionProblemAsync(services, connectionId, payload.Platform, cancellationToken) is { } problem)
            return Problems.InvalidFields([new FieldError("connectionId", problem)]);

        var result = await services.GetRequiredService<SocialQueue>().EnqueueAsync(payload, cancellationToken);
        var view = new { item = View(result.Item), created = result.Created };
        return Results.Json(view, statusCode: result.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var limit = Limit(context, out var bad);
        if (bad is not null) return bad;
        var status = context.Request.Query["status"].FirstOrDefault();
        IReadOnlyList<QueueState> states = string.IsNullOrEmpty(status) ? [.. SocialQueue.StateNames.Keys] : SocialQueue.StatesOf(status);
        if (states.Count == 0)
            return Problems.BadParameter("status", $"must be one of {string.Join(", ", SocialQueue.StateNames.Values.Distinct())}");

        var store = services.GetRequiredService<IQueueStore>();
        var until = services.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(100);
        var items = new List<QueueItem>();
        foreach (var state in states)
        {
            items.AddRange(await store.ListInStateAsync(SocialQueue.Name, state, until, limit, context.RequestAborted));
        }

        return Results.Json(new { items = items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(limit).Select(View) });
    }

    /// <summary>Why a post cannot use <paramref name="connectionId"/>, or null when it can.</summary>
    private static async Task<string?> ConnectionProblemAsync(IServiceProvider services, string connectionId, SocialPlatform platform, CancellationToken cancellationToken)
    {
        SiteCredentials connection;
        try
        {
            connection = await services.GetRequiredService<ProviderCredentialsService>().GetAsync(connectionId, MetaCredentialSchema.ProviderKey, cancellationToken);
        }
        catch (CredentialsUnavailableException)
        {
            return $"no connection '{connectionId}' is registered (POST /api/social-auto-poster/connections)";
        }

        return platform == SocialPlatform.Instagram && connection.GetOptional(MetaCredentialSchema.InstagramUserId) is null
            ? $"connection '{connectionId}' has no Instagram account (instagramUserId)"
            : null;
    }

    /// <summary>A post as the API shows it: what was queued, its social status, and what publishing recorded.</summary>
    private static object View(QueueItem item)
    {
        var view = QueueItemView.From(item, SocialQueue.StateNames);
        SocialPostPayload? post = null;
        try
        {
            post = JsonSerializer.Deserialize<SocialPostPayload>(item.Payload, SocialQueue.Json);
        }
        catch (JsonException)
        {
            // Shown without its fields; the run fails such an item as unreadable.
        }

        JsonObject? result = null;
        if (item.State == QueueState.Completed && item.Result is { } text)
        {
            try
            {
                result = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                // A result Courier did not write; left out.
            }
        }

        return new
        {
            id = item.Id,
            status = view.Status,
            platform = post is null ? null : Name(post.Platform),
            connectionId = post?.ConnectionId,
            content = post?.Content,
            imageUrl = post?.ImageUrl,
            scheduledAt = post?.ScheduledAt,
            attempts = view.Attempts,
            nextAttemptAt = view.NextAttemptAt,
            lastError = view.LastError,
            postId = result?["postId"]?.GetValue<string>(),
            permalink = result?["permalink"]?.GetValue<string>(),
            simulated = result?["simulated"]?.GetValue<bool>() ?? false,
            reconciled = result?["reconciled"]?.GetValue<bool>() ?? false,
            createdAt = view.CreatedAt,
            updatedAt = view.UpdatedAt,
            redrives = view.Redrives,
        };
    }

    private static string Name(SocialPlatform platform) => platform == SocialPlatform.Facebook ? "facebook" : "instagram";

    private static string? Digits(JsonFields fields, string name, bool required)
    {
        var value = fields.String(name, required, maxLength: 64);
        if (value is not null && !value.All(char.IsAsciiDigit)) fields.Error(name, "must be the numeric id Meta gives the account");
        return value;
    }

    private static int Limit(HttpContext context, out IResult? bad)
    {
        bad = null;
        var raw = context.Request.Query["limit"].FirstOrDefault();
        if (string.IsNullOrEmpty(raw)) return DefaultListLimit;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxListLimit) return limit;
        bad = Problems.BadParameter("limit", $"must be a whole number from 1 to {MaxListLimit}");
        return 0;
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult BadBody() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["the body must be a JSON object"] }, title: "Invalid request body.");
}
