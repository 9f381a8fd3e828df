using System.Globalization;
using Courier.Core.Circuits;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.Hosting.Circuits;
using Courier.Hosting.Http;
using Courier.Hosting.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Courier.Hosting.Status;

/// <summary>
/// The status page's actions, <c>POST /status/actions/{action}</c>: <c>run</c> a job now (as its twin would), <c>redrive</c> a
/// queue's Failed or Unknown items, and <c>circuit</c> isolate, un-isolate or close. Each needs the signed-in session cookie
/// and the page's CSRF token; each answers a redirect to the page, whose notice says what happened.
/// </summary>
public sealed partial class StatusActions(
    StatusSessionCookie session,
    IJobDispatcher dispatcher,
    WorkQueue queue,
    IEnumerable<QueueDefinition> queues,
    CircuitBreaker circuits,
    ICircuitStore circuitStore,
    HeldRowWaker waker,
    ILogger<StatusActions> logger)
{
    public const string Run = "run";
    public const string Redrive = "redrive";
    public const string Circuit = "circuit";

    private readonly IReadOnlyList<QueueDefinition> _queues = queues.ToList();

    public async Task<IResult> InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!session.IsValid(context)) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Sign in on /status first.");
        if (!context.Request.HasFormContentType) return Problems.BadParameter("csrf", "Post the page's form.");
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!session.CsrfMatches(context, form["csrf"].ToString()))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The form's CSRF token is missing or not this session's: reload /status and try again.");

        var action = context.Request.RouteValues["action"]?.ToString();
        var cancellationToken = context.RequestAborted;
        var notice = action switch
        {
            Run => await RunAsync(form["job"].ToString(), cancellationToken).ConfigureAwait(false),
            Redrive => await RedriveAsync(form["queue"].ToString(), form["state"].ToString(), cancellationToken).ConfigureAwait(false),
            Circuit => await CircuitAsync(form["site"].ToString(), form["provider"].ToString(), form["op"].ToString(), cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (notice is null) return Problems.NotFound();
        if (notice.Error is { } error) return Problems.BadParameter(error.Field, error.Message);
        LogAction(logger, action!, notice.Text);
        return Results.Redirect("/" + HostFunctions.StatusPageRoute + "?notice=" + Uri.EscapeDataString(notice.Text), permanent: false, preserveMethod: false);
    }

    private async Task<Notice> RunAsync(string job, CancellationToken cancellationToken)
    {
        if (!JobCatalog.Timers.Any(t => t.Job == job)) return Notice.Bad("job", $"'{job}' is not a job of the catalog");
        if (!dispatcher.IsBuilt(job)) return Notice.Bad("job", Jobs.DispatchResult.NotBuiltMessage(job));
        // The twin's run: the same dispatcher, trigger and run lease, so a run already in progress is refused the same way.
        var result = (await dispatcher.RunAsync(job, RunTrigger.Http, null, cancellationToken).ConfigureAwait(false)).Run!;
        if (result.Status == RunStatus.AlreadyRunning) return Notice.Ok($"{job}: not started, run {result.HolderRunId} is in progress");
        if (result.Status != RunStatus.Completed) return Notice.Ok($"{job}: run {result.RunId} {result.Status.ToString().ToLowerInvariant()}: {result.Error}");
        var counts = string.Join(", ", result.Report!.Counts.Where(c => c.Value != 0).Select(c => $"{c.Key} {c.Value}"));
        return Notice.Ok($"{job}: run {result.RunId} finished: {(counts.Length > 0 ? counts : "nothing to do")}");
    }

    private async Task<Notice> RedriveAsync(string name, string stateName, CancellationToken cancellationToken)
    {
        var definition = _queues.FirstOrDefault(q => q.Name == name);
        if (definition is null) return Notice.Bad("queue", $"'{name}' is not a registered queue");
        QueueState? state = stateName.ToUpperInvariant() switch
        {
            "FAILED" => QueueState.Failed,
            "UNKNOWN" => QueueState.Unknown,
            _ => null,
        };
        if (state is null) return Notice.Bad("state", "must be FAILED or UNKNOWN");
        var result = await queue.RedriveAsync(name, new RedriveFilter { States = new HashSet<QueueState> { state.Value } }, dryRun: false, cancellationToken).ConfigureAwait(false);
        var shown = definition.StateNames.TryGetValue(state.Value, out var n) ? n : stateName;
        return Notice.Ok(string.Create(CultureInfo.InvariantCulture, $"{name}: {result.Moved} {shown} item(s) re-driven to queued ({result.Lost} changed meanwhile)"));
    }

    private async Task<Notice> CircuitAsync(string site, string provider, string op, CancellationToken cancellationToken)
    {
        var key = new CircuitKey(site, provider);
        var before = await circuitStore.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (before is null) return Notice.Bad("site", $"no circuit for site '{site}' and provider '{provider}'");
        switch (op)
        {
            case "isolate":
                await circuits.IsolateAsync(key, true, cancellationToken).ConfigureAwait(false);
                return Notice.Ok($"circuit {site}/{provider} isolated: no calls until it is closed");
            case "close":
                await circuits.CloseAsync(key, cancellationToken).ConfigureAwait(false);
                var woken = await waker.WakeAsync(before, cancellationToken).ConfigureAwait(false);
                return Notice.Ok(string.Create(CultureInfo.InvariantCulture, $"circuit {site}/{provider} closed ({woken} waiting item(s) due now)"));
            default:
                return Notice.Bad("op", "must be isolate or close");
        }
    }

    private sealed record Notice(string Text, (string Field, string Message)? Error)
    {
        public static Notice Ok(string text) => new(text, null);

        public static Notice Bad(string field, string message) => new("", (field, message));
    }

    [LoggerMessage(EventId = 2101, EventName = "status_action", Level = LogLevel.Information, Message = "Status page action {Action}: {Notice}")]
    private static partial void LogAction(ILogger logger, string action, string notice);
}
