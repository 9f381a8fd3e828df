using System.Text.Json;
using Courier.Core.Runs;
using Courier.Functions.Catalog;
using Courier.Functions.Http;
using Courier.Functions.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Courier.Functions.Handler;

/// <summary>
/// The custom-handler protocol's non-HTTP side: <c>POST /{functionName}</c> runs a timer's job and answers
/// <c>{"Outputs":{},"Logs":[…],"ReturnValue":…}</c>. Mapped only under the Functions host.
/// A refused run (another holds the job's run lease) answers 200 with ReturnValue <c>{"ok":false,"error":"run_in_progress",…}</c>:
/// the host skips overlapping occurrences too, so it is not an invocation failure.
/// </summary>
public static class CustomHandlerEndpoints
{
    public static IEndpointRouteBuilder MapCustomHandler(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/{functionName}", InvokeAsync).WithDisplayName("custom-handler invocation").WithMetadata(HostProtocolEndpoint.Instance);
        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(string functionName, HttpContext context)
    {
        var timer = JobCatalog.Find(functionName);
        var services = context.RequestServices;
        if (timer is not { Role: FunctionRole.Timer } || services.GetRequiredService<FunctionSettings>().IsDisabled(functionName))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no timer function named '{functionName}'");

        TimerInvocation invocation;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            invocation = TimerInvocation.Parse(await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false));
        }
        catch (JsonException)
        {
            return Problems.BadParameter("body", "The invocation body is not JSON.");
        }

        var dispatcher = services.GetRequiredService<IJobDispatcher>();
        if (!dispatcher.IsBuilt(timer.Job!)) return Problems.NotBuilt(timer.Job!);

        var trigger = invocation.IsPastDue ? RunTrigger.PastDue : RunTrigger.Timer;
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        DispatchResult result;
        IReadOnlyList<string> logs;
        using (var capture = RunLogCapture.Begin())
        {
            result = await dispatcher.RunAsync(timer.Job!, trigger, null, stopping).ConfigureAwait(false);
            logs = capture.Lines;
        }

        var run = result.Run!;
        var empty = new Dictionary<string, object?>();
        return run.Status switch
        {
            RunStatus.Completed => Results.Json(new InvocationResponse(empty, logs, run.Report!.Body)),
            RunStatus.AlreadyRunning => Results.Json(new InvocationResponse(empty, logs, new RunInProgressBody(run.HolderRunId))),
            _ => Results.Json(new InvocationResponse(empty, logs, new RunFailedBody(run.RunId, run.Error)), statusCode: StatusCodes.Status500InternalServerError),
        };
    }
}
