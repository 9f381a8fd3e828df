using Courier.Core.Jobs.WriteBack;
using Courier.Core.Queue;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.WriteBack;

/// <summary>The write-back job's API (API_SECRET): <c>POST /api/sync/queue</c> queues a record change, <c>GET</c> shows the queue.</summary>
public static class WriteBackApi
{
    public const int RecentFailed = 10;
    public const int RecentLogs = 20;

    /// <summary>One route, two methods (spec §5.5).</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) ? EnqueueAsync(context) : GetAsync(context);

    /// <summary>202 with the queued change; a change resent with the same <c>version</c> answers 200 with the stored one and stores nothing.</summary>
    public static async Task<IResult> EnqueueAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<WriteBackOptions>>().Value;
        using var body = await JsonRequest.ReadAsync(context.Request, context.RequestAborted);
        if (body is null) return Problems.BadBody();
        var (change, version, errors) = SyncChangeSubmission.Parse(body.RootElement, options);
        if (change is null) return Problems.InvalidFields(errors);
        var result = await services.GetRequiredService<SyncQueue>().EnqueueAsync(change, version, context.RequestAborted);
        var view = new { success = true, item = QueueItemView.From(result.Item, SyncQueue.StateNames), created = result.Created };
        return Results.Json(view, statusCode: result.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary><c>{"success":true,"data":{"stats","recentFailed","recentLogs","lastProcessed"}}</c>.</summary>
    public static async Task<IResult> GetAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        var log = services.GetRequiredService<ISyncLog>();
        var stats = await services.GetRequiredService<SyncQueue>().GetStatsAsync(cancellationToken);
        var failed = await log.RecentAsync(RecentFailed, failedOnly: true, cancellationToken);
        var recent = await log.RecentAsync(RecentLogs, failedOnly: false, cancellationToken);
        return Results.Json(new
        {
            success = true,
            data = new
            {
                stats = SyncQueue.Named(stats),
                recentFailed = failed,
                recentLogs = recent,
                lastProcessed = recent.Count > 0 ? recent[0].At : (DateTimeOffset?)null,
            },
        });
    }
}
