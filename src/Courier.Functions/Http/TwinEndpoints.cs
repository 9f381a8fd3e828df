using Courier.Core.Runs;
using Courier.Functions.Catalog;
using Courier.Functions.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Courier.Functions.Http;

/// <summary>Maps every catalog twin: auth and rate limit from the catalog, query parameters validated, the job run through <see cref="JobRunner"/>.</summary>
public static class TwinEndpoints
{
    public static IEndpointRouteBuilder MapTwins(this IEndpointRouteBuilder endpoints)
    {
        foreach (var twin in JobCatalog.Twins)
        {
            endpoints.MapMethods(twin.Path, twin.Methods, (Func<HttpContext, Task<IResult>>)(context => RunAsync(context, twin)))
                .WithDisplayName(twin.Name)
                .WithMetadata(new SecretRequirement(twin.Name, twin.Auth))
                .RequireRateLimiting(TwinRateLimiting.Policy);
        }

        return endpoints;
    }

    /// <summary>Answers 501 "job '&lt;name&gt;' is not built yet" on the catalog API routes of jobs not registered yet (after their auth).</summary>
    public static IEndpointRouteBuilder MapUnbuiltApis(this IEndpointRouteBuilder endpoints, IJobDispatcher dispatcher)
    {
        foreach (var api in JobCatalog.Entries.Where(e => e.Role == FunctionRole.Api && !dispatcher.IsBuilt(e.Job!)))
        {
            endpoints.MapMethods(api.Path, api.Methods, () => Problems.NotBuilt(api.Job!))
                .WithDisplayName(api.Name)
                .WithMetadata(new SecretRequirement(api.Name, api.Auth));
        }

        return endpoints;
    }

    private static async Task<IResult> RunAsync(HttpContext context, CatalogEntry twin)
    {
        var job = twin.Job!;
        var dispatcher = context.RequestServices.GetRequiredService<IJobDispatcher>();
        if (!dispatcher.IsBuilt(job)) return Problems.NotBuilt(job);

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in twin.Parameters)
        {
            if (!context.Request.Query.TryGetValue(parameter.Name, out var raw)) continue;
            var value = parameter.Parse(raw.Count == 1 ? raw.ToString() : null, out var error);
            if (value is null) return Problems.BadParameter(parameter.Name, error!);
            parameters[parameter.Name] = value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // A run outlives its caller: a dropped connection does not abort it, host shutdown does.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var result = await dispatcher.RunAsync(job, RunTrigger.Http, parameters, stopping).ConfigureAwait(false);
        var run = result.Run!;
        return run.Status switch
        {
            RunStatus.Completed => Results.Json(run.Report!.Body),
            RunStatus.AlreadyRunning => Problems.RunInProgress(run.HolderRunId),
            _ => Problems.RunFailed(run.RunId, run.Error),
        };
    }
}
