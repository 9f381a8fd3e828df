using System.Text;
using System.Text.Json;
using Courier.Core.Queue;
using Courier.Hosting.Catalog;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.Hosting.Queues;

/// <summary>The shared queue operations, for every registered queue: <c>POST /api/queues/{queue}/redrive</c>.</summary>
public sealed partial class QueueHandlers(IServiceProvider services, IEnumerable<QueueDefinition> queues, ILogger<QueueHandlers> logger)
{
    /// <summary>Bodies larger than this are refused: a filter is a few hundred bytes.</summary>
    private const int MaxBodyChars = 16 * 1024;

    private readonly Dictionary<string, QueueDefinition> _queues = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);

    public Task<IResult> InvokeAsync(string function, HttpContext context) => function switch
    {
        HostFunctions.QueuesRedrive => RedriveAsync(context),
        _ => throw new ArgumentException($"'{function}' is not a queue function.", nameof(function)),
    };

    private async Task<IResult> RedriveAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["queue"]?.ToString() ?? "";
        if (!_queues.TryGetValue(name, out var queue))
        {
            var known = string.Join(", ", _queues.Keys.Order(StringComparer.Ordinal));
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no queue '{name}' is registered (registered: {known})");
        }

        var text = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (text is null) return Problems.BadParameter("$", $"the body must be a JSON object of at most {MaxBodyChars} characters");
        JsonDocument? document = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(text)) document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return Problems.BadParameter("$", "the body must be a JSON object");
        }

        using (document)
        {
            var (request, errors) = RedriveRequest.Parse(document?.RootElement, queue);
            if (request is null) return Problems.InvalidFields(errors);

            var work = services.GetRequiredService<WorkQueue>();
            var result = await work.RedriveAsync(queue.Name, request.Filter, request.DryRun, context.RequestAborted).ConfigureAwait(false);
            LogRedrive(logger, queue.Name, request.DryRun, result.Matched, result.Moved, result.Lost);
            return Results.Json(request.DryRun
                ? new RedriveResponse(true, queue.Name, result.Matched, null, null, true)
                : new RedriveResponse(true, queue.Name, result.Matched, result.Moved, result.Lost, false));
        }
    }

    /// <summary>The body as text; empty when there is none, null when it is too large.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var buffer = new char[MaxBodyChars + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }

        return read > MaxBodyChars ? null : new string(buffer, 0, read);
    }

    [LoggerMessage(EventId = 2300, EventName = "queue_redrive", Level = LogLevel.Information,
        Message = "Re-drive of queue {Queue} (dry run: {DryRun}): {Matched} matched, {Moved} moved back to queued, {Lost} lost to another writer")]
    private static partial void LogRedrive(ILogger logger, string queue, bool dryRun, int matched, int moved, int lost);
}
