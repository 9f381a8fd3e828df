using System.Globalization;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Courier.Hosting.Http;

/// <summary>Runs a job on demand for its twin: query parameters checked against the descriptor's ranges, then one run through the dispatcher.</summary>
public sealed class TwinHandler(IJobDispatcher dispatcher, IHostApplicationLifetime lifetime)
{
    public async Task<IResult> RunAsync(HttpContext context, CatalogEntry twin)
    {
        var job = twin.Job!;
        if (!dispatcher.IsBuilt(job)) return Problems.NotBuilt(job);

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in twin.Parameters)
        {
            if (!context.Request.Query.TryGetValue(parameter.Name, out var raw)) continue;
            var value = parameter.Parse(raw.Count == 1 ? raw.ToString() : null, out var error);
            if (value is null) return Problems.BadParameter(parameter.Name, error!);
            parameters[parameter.Name] = value.Value.ToString(CultureInfo.InvariantCulture);
        }

        // A run outlives its caller: a dropped connection does not abort it, host shutdown does.
        var result = await dispatcher.RunAsync(job, RunTrigger.Http, parameters, lifetime.ApplicationStopping).ConfigureAwait(false);
        var run = result.Run!;
        return run.Status switch
        {
            RunStatus.Completed => Results.Json(run.Report!.Body),
            RunStatus.AlreadyRunning => Problems.RunInProgress(run.HolderRunId),
            RunStatus.Cancelled => Problems.RunCancelled(run.RunId, run.Error, run.Report?.Counts),
            _ => Problems.RunFailed(run.RunId, run.Error),
        };
    }
}
