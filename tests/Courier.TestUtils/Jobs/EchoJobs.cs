using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.TestUtils.Jobs;

/// <summary>Registers <see cref="EchoJob"/> for catalog jobs, each answering its descriptor's APIs with a stub naming the API.</summary>
public static class EchoJobs
{
    public static void AddAll(IServiceCollection services)
    {
        foreach (var job in JobCatalog.Jobs) Add(services, job.Name);
    }

    public static void Add(IServiceCollection services, string job)
    {
        var descriptor = JobCatalog.FindJob(job) ?? throw new ArgumentException($"'{job}' is not a catalog job.", nameof(job));
        var builder = services.AddCourierJob<EchoJob>(descriptor);
        foreach (var api in descriptor.Apis)
            builder.HandleApi(api.Name, _ => Task.FromResult(Results.Json(new { ok = true, api = api.Name })));
        // The echo processor drains no queue, but the descriptor names its queues: register them so start-up accepts the job.
        foreach (var queue in descriptor.Queues)
            services.AddSingleton(new Courier.Core.Queue.QueueDefinition(queue, job, null, new Dictionary<Courier.Core.Queue.QueueState, string>()));
    }
}
