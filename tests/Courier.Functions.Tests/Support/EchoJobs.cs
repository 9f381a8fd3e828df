using Courier.Functions.Catalog;
using Courier.Functions.Http;
using Courier.Functions.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Functions.Tests.Support;

/// <summary>Registers <see cref="EchoJob"/> for every catalog job, each mapping its catalog API routes as stubs with their catalog auth.</summary>
public static class EchoJobs
{
    public static void AddAll(IServiceCollection services)
    {
        foreach (var timer in JobCatalog.Timers) Add(services, timer.Name);
    }

    public static void Add(IServiceCollection services, string job) =>
        services.AddCourierJob<EchoJob>(job).MapEndpoints(endpoints =>
        {
            foreach (var api in JobCatalog.Entries.Where(e => e.Role == FunctionRole.Api && e.Job == job))
                endpoints.MapMethods(api.Path, api.Methods, () => Results.Json(new { ok = true, api = api.Name })).RequireCatalogAuth(api.Name);
        });
}
