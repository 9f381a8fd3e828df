using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Meta;

/// <summary>
/// Stand-in of the Graph API calls Courier makes for Facebook Pages and Instagram (feed, photos, IG container, status,
/// media_publish, permalinks, recent posts, publishing limit) and its control routes under <c>/_sandbox/meta</c>.
/// </summary>
public static partial class MetaEndpoints
{
    public const string FeedKey = "meta.feed";
    public const string PhotosKey = "meta.photos";
    public const string MediaKey = "meta.media";
    public const string MediaPublishKey = "meta.mediaPublish";
    public const string ObjectKey = "meta.object";
    public const string PostsKey = "meta.posts";
    public const string PublishingLimitKey = "meta.publishingLimit";

    /// <summary>The ledger every write call (feed, photos, media, media_publish) is written to.</summary>
    public const string LedgerName = "meta";

    /// <summary>Graph versions older than this answer 2635 (deprecated).</summary>
    public const int OldestVersion = 20;

    private const string Version = "/{version:regex(^v\\d+\\.\\d+$)}";

    public static IServiceCollection AddMeta(this IServiceCollection services)
    {
        services.AddOptions<MetaSandboxOptions>().BindConfiguration(MetaSandboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MetaState>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<MetaState>());
        services.AddSandboxLedger<MetaCall>(LedgerName);
        return services;
    }

    public static IEndpointRouteBuilder MapMeta(this IEndpointRouteBuilder app)
    {
        var faults = app.ServiceProvider.GetRequiredService<FaultInjector>();
        foreach (var key in new[] { FeedKey, PhotosKey, MediaKey, MediaPublishKey, ObjectKey, PostsKey, PublishingLimitKey })
        {
            faults.RegisterRoute(key, MetaErrors.Default);
        }

        app.MapPost(Version + "/{id}/feed", (HttpContext http, string version, string id) => HandleAsync(http, FeedKey, version, id, MetaGraph.Feed));
        app.MapPost(Version + "/{id}/photos", (HttpContext http, string version, string id) => HandleAsync(http, PhotosKey, version, id, MetaGraph.Photos));
        app.MapPost(Version + "/{id}/media", (HttpContext http, string version, string id) => HandleAsync(http, MediaKey, version, id, MetaGraph.CreateContainer));
        app.MapPost(Version + "/{id}/media_publish", (HttpContext http, string version, string id) => HandleAsync(http, MediaPublishKey, version, id, MetaGraph.Publish));
        app.MapGet(Version + "/{id}", (HttpContext http, string version, string id) => HandleAsync(http, ObjectKey, version, id, MetaGraph.Read));
        app.MapGet(Version + "/{id}/posts", (HttpContext http, string version, string id) => HandleAsync(http, PostsKey, version, id, MetaGraph.PagePosts));
        app.MapGet(Version + "/{id}/feed", (HttpContext http, string version, string id) => HandleAsync(http, PostsKey, version, id, MetaGraph.PagePosts));
        app.MapGet(Version + "/{id}/media", (HttpContext http, string version, string id) => HandleAsync(http, PostsKey, version, id, MetaGraph.AccountMedia));
        app.MapGet(Version + "/{id}/content_publishing_limit", (HttpContext http, string version, string id) => HandleAsync(http, PublishingLimitKey, version, id, MetaGraph.PublishingLimit));

        MapControl(app.MapGroup($"{ControlEndpoints.Prefix}/meta"));
        return app;
    }

    private static void MapControl(RouteGroupBuilder control)
    {
        control.MapPost("/pages", (MetaPageRequest request, MetaState state) =>
        {
            if (string.IsNullOrWhiteSpace(request.PageId) || !IdPattern().IsMatch(request.PageId))
            {
                return Results.Problem("pageId: required, digits or letters, '_' and '-'.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (string.IsNullOrWhiteSpace(request.AccessToken))
            {
                return Results.Problem("accessToken: required.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (request.InstagramUserId is { } ig && !IdPattern().IsMatch(ig))
            {
                return Results.Problem("instagramUserId: digits or letters, '_' and '-'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var page = new MetaPage(request.PageId, request.Name ?? request.PageId, request.AccessToken, request.InstagramUserId);
            state.AddPage(page);

            // The token is never answered back, so a test log of this response holds no secret.
            return Results.Json(new { pageId = page.PageId, name = page.Name, instagramUserId = page.InstagramUserId }, statusCode: StatusCodes.Status201Created);
        });

        control.MapGet("/pages", (MetaState state) =>
            Results.Json(state.Pages().Select(p => new { pageId = p.PageId, name = p.Name, instagramUserId = p.InstagramUserId })));

        control.MapGet("/posts", (MetaState state) => Results.Json(new
        {
            facebook = state.AllPosts().Select(p => new { id = p.Id, pageId = p.PageId, message = p.Message, photoId = p.PhotoId, imageUrl = p.ImageUrl, permalinkUrl = p.PermalinkUrl, createdTime = p.CreatedTime }),
            instagram = state.AllMedia().Select(m => new { id = m.Id, instagramUserId = m.InstagramUserId, containerId = m.ContainerId, caption = m.Caption, permalink = m.Permalink, timestamp = m.Timestamp }),
        }));

        control.MapPost("/containers/{id}", (string id, MetaContainerRequest request, MetaState state) =>
        {
            var statusCode = request.StatusCode?.ToUpperInvariant();
            if (statusCode is not (null or "IN_PROGRESS" or "FINISHED" or "ERROR" or "EXPIRED"))
            {
                return Results.Problem("statusCode: one of IN_PROGRESS, FINISHED, ERROR, EXPIRED.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (request.PollsInProgress is < 0)
            {
                return Results.Problem("pollsInProgress: must not be negative.", statusCode: StatusCodes.Status400BadRequest);
            }

            lock (state.Gate)
            {
                if (state.Container(id) is not { } container)
                {
                    return Results.Problem($"No container '{id}'.", statusCode: StatusCodes.Status404NotFound);
                }

                if (request.PollsInProgress is { } polls)
                {
                    container.PollsInProgress = polls;
                }

                // IN_PROGRESS and FINISHED go back to counting reads; ERROR and EXPIRED stick.
                container.ForcedStatusCode = statusCode is "ERROR" or "EXPIRED" ? statusCode : null;
                if (statusCode == "FINISHED")
                {
                    container.PollsInProgress = 0;
                }
                else if (statusCode == "IN_PROGRESS" && container.PollsInProgress == 0)
                {
                    container.PollsInProgress = 1;
                }

                container.StatusText = statusCode == "ERROR" ? request.Status ?? "Error: 2207026" : null;
                return Results.Json(new { id = container.Id, statusCode = container.StatusCode, pollsInProgress = container.PollsInProgress });
            }
        });

        control.MapPost("/settings", (MetaSettingsRequest request, MetaState state) =>
        {
            if (request.ContainerPollsInProgress is < 0)
            {
                return Results.Problem("containerPollsInProgress: must not be negative.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (request.PublishingLimitPer24Hours is < 1)
            {
                return Results.Problem("publishingLimitPer24Hours: must be at least 1.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (request.ContainerPollsInProgress is { } polls)
            {
                state.PollsInProgress = polls;
            }

            if (request.PublishingLimitPer24Hours is { } limit)
            {
                state.PublishingLimit = limit;
            }

            return Results.Json(new { containerPollsInProgress = state.PollsInProgress, publishingLimitPer24Hours = state.PublishingLimit });
        });

        control.MapPost("/usage", (MetaUsageRequest request, MetaState state) =>
        {
            lock (state.Gate)
            {
                state.AppUsage = request.AppUsage;
                state.BusinessUseCaseUsage = request.BusinessUseCaseUsage;
            }

            return Results.Json(new { appUsage = request.AppUsage, businessUseCaseUsage = request.BusinessUseCaseUsage });
        });
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string route, string version, string id, Func<MetaGraph.Call, MetaOutcome> run)
    {
        var services = http.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var state = services.GetRequiredService<MetaState>();
        var ledger = services.GetRequiredService<Ledger<MetaCall>>();
        var faults = services.GetRequiredService<FaultInjector>();
        var receivedAt = time.GetUtcNow();
        var parameters = await MetaParameters.ReadAsync(http.Request);
        var isWrite = HttpMethods.IsPost(http.Request.Method);

        void Record(int status, int? errorCode, string? objectId, bool published, string? fault)
        {
            if (isWrite)
            {
                ledger.Add(seq => new MetaCall(
                    seq, receivedAt, route, id, parameters["message"] ?? parameters["caption"], parameters["url"] ?? parameters["image_url"],
                    parameters["creation_id"], objectId, published, status, errorCode, fault));
            }
        }

        lock (state.Gate)
        {
            if (state.AppUsage is { } app)
            {
                http.Response.Headers["X-App-Usage"] = app.ToJsonString();
            }

            if (state.BusinessUseCaseUsage is { } buc)
            {
                http.Response.Headers["X-Business-Use-Case-Usage"] = buc.ToJsonString();
            }
        }

        var fault = faults.Next(route, http.Request.Path.Value);
        if (fault is not null)
        {
            await fault.DelayIfLatencyAsync(http.RequestAborted);
            if (fault.ShortCircuits)
            {
                Record(fault.Spec.Kind == FaultKind.Status ? fault.Spec.Status : 0, null, null, false, fault.Label);
                return await fault.RespondAsync(http);
            }
        }

        MetaOutcome outcome;
        lock (state.Gate)
        {
            outcome = CheckVersion(version) is { } old
                ? MetaOutcome.From(old)
                : state.Authorize(parameters.AccessToken, id) is { } refused
                    ? MetaOutcome.From(refused)
                    : run(new MetaGraph.Call(state, id, parameters));
        }

        Record(outcome.Status, outcome.ErrorCode, outcome.ObjectId, outcome.Published, fault?.Label);
        return fault is { ReplacesResponse: true }
            ? await fault.RespondAsync(http)
            : Results.Json(outcome.Body, statusCode: outcome.Status);
    }

    private static MetaFailure? CheckVersion(string version)
    {
        var known = int.TryParse(version.AsSpan(1, version.IndexOf('.', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture, out var major);
        return !known || major < OldestVersion ? MetaErrors.UnknownVersion(version) : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
